#include "appicon.h"

using namespace Qt::StringLiterals;

namespace td {

QString appIconPath()
{
    return u":/icons/triagedesk.svg"_s;
}

} // namespace td
