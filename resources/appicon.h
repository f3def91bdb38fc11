#pragma once

#include <QString>

namespace td {

// Resource path of the app icon (SVG, scales to any size), compiled into td_resources.
QString appIconPath();

} // namespace td
