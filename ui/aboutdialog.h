#pragma once

#include <QDialog>

namespace td {

// Help > About: what this is, which version, against which Qt it runs, and its licence.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget *parent = nullptr);
};

} // namespace td
