#include "confirmdialog.h"

#include "detailpane.h"
#include "labels.h"

#include "core/json.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHash>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace td {

ConfirmDialog::ConfirmDialog(const QString &projectName, const QJsonObject &body, QWidget *parent)
    : QDialog(parent)
    , m_body(body)
    , m_bytes(toCompactJson(body))
{
    setWindowTitle(tr("Confirm the new ticket"));
    setObjectName(u"confirmDialog"_s);
    auto *layout = new QVBoxLayout(this);

    auto *intro = new QLabel(tr("This is exactly what will be sent. Nothing is created until "
                                "you choose Submit or Keep in outbox."));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *tabs = new QTabWidget;
    auto *summary = new QLabel(summaryHtml(projectName, body));
    summary->setObjectName(u"summary"_s);
    summary->setTextFormat(Qt::RichText);
    summary->setWordWrap(true);
    summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary->setMargin(8);
    tabs->addTab(summary, tr("Summary"));

    auto *json = new QPlainTextEdit;
    json->setObjectName(u"json"_s);
    json->setAccessibleName(tr("Request body (JSON)"));
    json->setReadOnly(true);
    json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    json->setPlainText(QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Indented)));
    tabs->addTab(json, tr("Request body (JSON)"));
    layout->addWidget(tabs, 1);

    const int bytes = int(m_bytes.size());
    auto *size = new QLabel(bytes < 1024 ? tr("Size as sent: %n byte(s)", nullptr, bytes)
                                         : tr("Size as sent: %1 (%n byte(s))", nullptr, bytes)
                                                   .arg(QLocale().formattedDataSize(bytes)));
    size->setObjectName(u"size"_s);
    layout->addWidget(size);

    m_duplicatesCaption = new QLabel(tr("Possible duplicates in your local copy: none found."));
    m_duplicatesCaption->setObjectName(u"duplicatesCaption"_s);
    m_duplicatesCaption->setWordWrap(true);
    layout->addWidget(m_duplicatesCaption);
    m_duplicates = new QTreeWidget;
    m_duplicates->setObjectName(u"duplicates"_s);
    m_duplicates->setAccessibleName(tr("Possible duplicates"));
    m_duplicates->setRootIsDecorated(false);
    m_duplicates->setHeaderLabels({tr("Number"), tr("Status"), tr("Title")});
    m_duplicates->header()->setStretchLastSection(true);
    m_duplicates->setMaximumHeight(130);
    m_duplicates->setVisible(false);
    m_duplicates->setToolTip(tr("Double-click or press Enter to read a ticket; this "
                                "confirmation stays open"));
    m_duplicates->installEventFilter(this);
    connect(m_duplicates, &QTreeWidget::itemDoubleClicked, this,
            [this](QTreeWidgetItem *item) { openDuplicate(item); });
    layout->addWidget(m_duplicates);

    m_sendingNote = new QLabel;
    m_sendingNote->setObjectName(u"sendingNote"_s);
    m_sendingNote->setWordWrap(true);
    m_sendingNote->setVisible(false);
    layout->addWidget(m_sendingNote);

    auto *buttons = new QDialogButtonBox;
    m_back = buttons->addButton(tr("&Back to editing"), QDialogButtonBox::RejectRole);
    m_keep = buttons->addButton(tr("&Keep in outbox"), QDialogButtonBox::ActionRole);
    m_submit = buttons->addButton(tr("&Submit"), QDialogButtonBox::AcceptRole);
    m_back->setObjectName(u"back"_s);
    m_keep->setObjectName(u"keep"_s);
    m_submit->setObjectName(u"submitNow"_s);
    m_keep->setToolTip(tr("Queue it; it is sent with the next synchronisation"));
    m_submit->setToolTip(tr("Send it to the server now"));
    m_submit->setDefault(true);
    layout->addWidget(buttons);

    connect(m_submit, &QPushButton::clicked, this, [this] {
        m_choice = Choice::Submit;
        accept();
    });
    connect(m_keep, &QPushButton::clicked, this, [this] {
        m_choice = Choice::KeepInOutbox;
        accept();
    });
    connect(m_back, &QPushButton::clicked, this, [this] {
        m_choice = Choice::BackToEditing;
        reject();
    });
    // Escape and the window's close button also go back: only an explicit choice creates.
    connect(this, &QDialog::rejected, this, [this] { m_choice = Choice::BackToEditing; });
    resize(620, 480);
}

void ConfirmDialog::setSendingNote(const QString &text)
{
    m_sendingNote->setText(text);
    m_sendingNote->setVisible(!text.isEmpty());
}

bool ConfirmDialog::eventFilter(QObject *watched, QEvent *event)
{
    // Enter on a listed duplicate opens it; it must not reach the dialog, whose default
    // button would submit the ticket.
    if (watched == m_duplicates && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            openDuplicate(m_duplicates->currentItem());
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void ConfirmDialog::openDuplicate(QTreeWidgetItem *item)
{
    if (!item)
        return;
    const QString id = item->data(0, Qt::UserRole).toString();
    if (!m_preview) {
        m_preview = new QDialog(this);
        m_preview->setObjectName(u"duplicatePreview"_s);
        auto *layout = new QVBoxLayout(m_preview);
        // The same view of a ticket as the main window's detail pane.
        m_previewPane = new DetailPane;
        m_previewPane->setObjectName(u"duplicateText"_s);
        m_previewPane->setAccessibleName(tr("Possible duplicate"));
        layout->addWidget(m_previewPane);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
        buttons->button(QDialogButtonBox::Close)->setObjectName(u"closePreview"_s);
        connect(buttons, &QDialogButtonBox::rejected, m_preview, &QDialog::reject);
        layout->addWidget(buttons);
        m_preview->resize(520, 400);
    }
    const std::optional<Ticket> ticket = m_source ? m_source->ticket(id) : std::nullopt;
    // The duplicates come from the cache, so the ticket is there unless it went meanwhile;
    // then the pane says there is nothing to show.
    m_preview->setWindowTitle(ticket ? tr("Ticket #%1 (read-only)").arg(ticket->number)
                                     : item->text(0));
    m_previewPane->setProjectNames(m_projectNames);
    m_previewPane->setTicket(ticket);
    const QList<TicketEvent> events = ticket ? m_source->events(id) : QList<TicketEvent>();
    m_previewPane->setEvents(events, !events.isEmpty());
    emit duplicateOpened(id);
    m_preview->open(); // over this dialog, which stays open: the user is still deciding
    m_previewPane->setFocus();
}

QString ConfirmDialog::summaryHtml(const QString &projectName, const QJsonObject &body) const
{
    auto row = [](const QString &label, const QString &value) {
        return u"<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>"_s.arg(
                label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QString html = u"<table>"_s;
    html += row(tr("Project"), projectName);
    html += row(tr("Title"), body.value(u"title"_s).toString());
    const auto type = requestTypeFromWire(body.value(u"request_type"_s).toString());
    html += row(tr("Type"), type ? requestTypeLabel(*type) : QString());
    const auto priority = priorityFromWire(body.value(u"priority"_s).toString());
    html += row(tr("Priority"), priority ? priorityLabel(*priority) : QString());
    html += row(tr("Blocking"), body.value(u"blocking"_s).toBool() ? tr("Yes") : tr("No"));
    QStringList roles;
    for (const QJsonValue &role : body.value(u"roles"_s).toArray())
        roles << role.toString();
    html += row(tr("Roles"), roles.isEmpty() ? tr("(none)") : roles.join(u", "_s));
    const QJsonObject evidence = body.value(u"evidence"_s).toObject();
    const qsizetype links = evidence.value(u"links"_s).toArray().size();
    html += row(tr("Evidence"),
                evidence.isEmpty() ? tr("(none)")
                                   : tr("%n link(s)", nullptr, int(links)) + u", "_s
                                             + tr("%n other item(s)", nullptr,
                                                  int(evidence.size()
                                                      - (evidence.contains(u"links"_s) ? 1 : 0))));
    html += u"</table>"_s;
    auto block = [](const QString &label, const QString &text) {
        if (text.isEmpty())
            return QString();
        return u"<p><b>%1</b><br>%2</p>"_s.arg(label.toHtmlEscaped(),
                                               text.toHtmlEscaped().replace(u'\n', u"<br>"_s));
    };
    html += block(tr("Description"), body.value(u"description"_s).toString());
    html += block(tr("Suggested resolution"), body.value(u"suggested_resolution"_s).toString());
    html += block(tr("Implementation notes"), body.value(u"implementation_notes"_s).toString());
    return html;
}

void ConfirmDialog::setDuplicates(const QList<TicketRow> &rows)
{
    m_duplicates->clear();
    const QList<TicketRow> top = rows.mid(0, MaxDuplicates);
    for (const TicketRow &row : top) {
        auto *item = new QTreeWidgetItem(m_duplicates);
        item->setText(0, tr("#%1").arg(row.number));
        item->setText(1, statusLabel(row.status));
        item->setText(2, row.title);
        item->setData(0, Qt::UserRole, row.id);
    }
    m_duplicates->setVisible(!top.isEmpty());
    m_duplicatesCaption->setText(
            top.isEmpty()
                    ? tr("Possible duplicates in your local copy: none found.")
                    : tr("Possible duplicates in your local copy (%n):", nullptr, int(top.size())));
}

void ConfirmDialog::findDuplicates(TicketSource *source, const QString &projectId)
{
    m_source = source;
    if (!source)
        return;
    TicketFilter filter
            = projectId.isEmpty() ? TicketFilter::all() : TicketFilter::project(projectId);
    // The cache's search ANDs its words, and a new title rarely repeats an old one word for
    // word; so each significant word is looked up alone and tickets sharing at least half of
    // them are ranked by how many they share, then by recency.
    const QStringList words = m_body.value(u"title"_s).toString().split(u' ', Qt::SkipEmptyParts);
    QStringList significant;
    for (const QString &word : words) {
        if (word.size() >= 3 && !significant.contains(word, Qt::CaseInsensitive))
            significant << word;
        if (significant.size() == 5)
            break;
    }
    if (significant.isEmpty())
        return;
    TicketSort sort;
    sort.key = TicketSortKey::Updated;
    QHash<QString, int> score;
    QHash<QString, TicketRow> byId;
    QStringList order;
    for (const QString &word : std::as_const(significant)) {
        filter.search = word;
        const QList<TicketRow> found = source->fetch(filter, sort, std::nullopt, 50);
        for (const TicketRow &row : found) {
            if (!byId.contains(row.id)) {
                byId.insert(row.id, row);
                order << row.id;
            }
            ++score[row.id];
        }
    }
    const int needed = int((significant.size() + 1) / 2);
    QList<TicketRow> ranked;
    for (const QString &id : std::as_const(order)) {
        if (score.value(id) >= needed)
            ranked << byId.value(id);
    }
    std::stable_sort(ranked.begin(), ranked.end(), [&](const TicketRow &a, const TicketRow &b) {
        if (score.value(a.id) != score.value(b.id))
            return score.value(a.id) > score.value(b.id);
        return a.updatedAt > b.updatedAt;
    });
    setDuplicates(ranked);
}

} // namespace td
