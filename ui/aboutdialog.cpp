#include "aboutdialog.h"

#include "resources/appicon.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About TriageDesk"));
    setObjectName(u"aboutDialog"_s);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    auto *icon = new QLabel;
    icon->setPixmap(QIcon(appIconPath()).pixmap(64, 64));
    icon->setAlignment(Qt::AlignTop);
    top->addWidget(icon);
    auto *text = new QLabel;
    text->setObjectName(u"aboutText"_s);
    text->setTextFormat(Qt::RichText);
    text->setWordWrap(true);
    text->setOpenExternalLinks(true);
    text->setText(u"<h2>TriageDesk</h2><p>%1</p><p>%2</p><p>%3</p>"_s.arg(
            tr("Version %1").arg(QApplication::applicationVersion()).toHtmlEscaped(),
            tr("Submit, review and triage tickets of your projects, online or "
               "offline: changes wait in the outbox until the server has them.")
                    .toHtmlEscaped(),
            tr("Built with Qt %1 (running on Qt %2).")
                    .arg(QString::fromLatin1(QT_VERSION_STR), QString::fromLatin1(qVersion()))
                    .toHtmlEscaped()));
    top->addWidget(text, 1);
    layout->addLayout(top);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

} // namespace td
