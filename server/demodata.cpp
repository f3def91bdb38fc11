#include "demodata.h"

#include "tokens.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace td::server {

namespace {

const QString DemoSlug = u"harbor-labs"_s;
const QString DemoName = u"Harbor Labs"_s;
const QString WebProject = u"3F2A9C1E-7B4D-4E2A-9F1C-5D8E6B3A2C10"_s;
const QString MobileProject = u"8B1D4F6A-2C3E-4A5B-9D7E-1F0A2B3C4D5E"_s;
const QString PaymentsProject = u"C4E5F6A7-B8C9-4D0E-8F1A-2B3C4D5E6F70"_s;
const QString OwnerId = u"u-maya"_s;
const QString ClientId = u"u-jonas"_s;
const QString SecondClientId = u"u-priya"_s;
const QString BotId = u"u-harbor-bot"_s;
constexpr quint32 Seed = 20261122;
constexpr int TicketCount = 320;
constexpr qint64 HourMs = 60LL * 60 * 1000;
constexpr qint64 DayMs = 24 * HourMs;

// One kind of problem people report, with placeholders the generator fills in:
// {browser} {device} {os} {version} {page} {count} {minutes}.
struct Sample
{
    const char16_t *title;
    const char16_t *description;
    RequestType type;
    QStringList roles;
};

const QList<Sample> &webSamples()
{
    static const QList<Sample> samples{
            {u"Checkout button does nothing on {browser}",
             u"On the cart page the \"Continue to payment\" button shows its pressed state but "
             "nothing happens. No request shows in the network tab. Happens every time on "
             "{browser}; works in other browsers on the same machine.",
             RequestType::Bug,
             {u"frontend"_s}},
            {u"Product images load slowly on the {page} page",
             u"The hero images on the {page} page take 4-6 seconds to appear on a normal office "
             "connection. Lighthouse flags them as unoptimised (2.4 MB JPEGs). Customers mention "
             "it "
             "in chat.",
             RequestType::Bug,
             {u"frontend"_s, u"backend"_s}},
            {u"Search returns no results for product codes with a dash",
             u"Searching for \"HB-2041\" returns nothing, \"HB2041\" finds the product. Our sales "
             "team shares codes with the dash, so customers type them that way.",
             RequestType::Bug,
             {u"backend"_s}},
            {u"Add a size guide link next to the size selector",
             u"Returns data says 31% of clothing returns are for size. A link to the size guide "
             "right next to the selector (not only in the footer) would help.",
             RequestType::ChangeRequest,
             {u"design"_s, u"frontend"_s}},
            {u"Newsletter sign-up shows success but no email arrives",
             u"Signed up with three test addresses on {browser}; the banner says \"You're in!\" "
             u"but "
             "no confirmation email arrived after {minutes} minutes, not in spam either.",
             RequestType::Bug,
             {u"backend"_s}},
            {u"Cookie banner covers the \"Place order\" button on small screens",
             u"On a 360px wide viewport the cookie banner overlaps the order button until it is "
             "dismissed, and some users do not realise they can scroll.",
             RequestType::Bug,
             {u"frontend"_s, u"design"_s}},
            {u"Can we show delivery estimates on the product page?",
             u"Competitors show \"Arrives by Thursday\" before checkout. Is the carrier API able "
             u"to "
             "give us an estimate per postcode early enough for the product page?",
             RequestType::Question,
             {u"backend"_s}},
            {u"Wishlist is emptied after logging in on another device",
             u"Customer reports that items added while logged out on the laptop vanished after "
             "logging in on the phone. Reproduced: the anonymous wishlist overwrites the account "
             "wishlist instead of merging.",
             RequestType::Bug,
             {u"backend"_s, u"qa"_s}},
            {u"Footer links to the old returns policy page",
             u"The \"Returns\" link in the footer goes to /help/returns-2023 which still says 14 "
             "days. The current policy (30 days) lives at /help/returns.",
             RequestType::Bug,
             {u"frontend"_s}},
            {u"Dark mode: low contrast on disabled buttons",
             u"Disabled buttons in dark mode are #3a3a3a on #2b2b2b, contrast ratio 1.3:1. WCAG "
             "asks for more even for disabled controls people need to notice.",
             RequestType::ChangeRequest,
             {u"design"_s}},
            {u"Order confirmation page shows the wrong currency symbol",
             u"For customers in Switzerland the confirmation page shows \"€\" while the amount "
             "charged is in CHF. The email is correct.",
             RequestType::Bug,
             {u"frontend"_s, u"backend"_s}},
            {u"Promo code field accepts expired codes until payment",
             u"Expired code SUMMER24 shows as applied in the cart, then payment fails with a "
             "generic error. We should reject it when it is entered.",
             RequestType::Bug,
             {u"backend"_s, u"qa"_s}},
            {u"Category filters reset when pressing back",
             u"Filter by size and colour, open a product, press back: the filters are gone and "
             "the list is back at the top. Happens on {browser}.",
             RequestType::Bug,
             {u"frontend"_s}},
            {u"Please add Apple Pay to the web checkout",
             u"About 40% of our mobile web traffic is on iOS. Apple Pay on the web would cut the "
             "checkout steps from five to two for them.",
             RequestType::ChangeRequest,
             {u"frontend"_s, u"backend"_s}},
            {u"Sitemap.xml is missing the new collection pages",
             u"The autumn collection pages launched on Monday are not in sitemap.xml, and Search "
             "Console reports them as \"discovered, not indexed\".",
             RequestType::Bug,
             {u"backend"_s}},
            {u"Account page times out for customers with many orders",
             u"Customers with more than {count} orders get a 504 on /account/orders. The page "
             "loads every order with its lines in one query.",
             RequestType::Bug,
             {u"backend"_s}},
            {u"What is the process for adding a new payment provider?",
             u"Finance is evaluating a second card processor for better EU rates. What would the "
             "integration involve on your side, roughly, and how long would it take?",
             RequestType::Question,
             {u"backend"_s}},
            {u"Typo in the German checkout: \"Versandkosten\" misspelled",
             u"Step 2 of the German checkout says \"Versandkoten\".",
             RequestType::Bug,
             {u"frontend"_s}},
    };
    return samples;
}

const QList<Sample> &mobileSamples()
{
    static const QList<Sample> samples{
            {u"App crashes when opening an order from a push notification",
             u"Tapping the \"Your order has shipped\" notification while the app is closed crashes "
             "it on {device} ({os}). Opening the app first and then the order works.",
             RequestType::Bug,
             {u"ios"_s}},
            {u"Push notifications arrive twice on {device}",
             u"Since version {version} every push notification arrives twice, a few seconds "
             "apart. Seen on {device} with {os}.",
             RequestType::Bug,
             {u"android"_s, u"backend"_s}},
            {u"Login with Google loops back to the login screen",
             u"On {os}, choosing \"Continue with Google\" shows the account picker, then returns "
             "to the login screen without an error. Email login works.",
             RequestType::Bug,
             {u"android"_s}},
            {u"Barcode scanner cannot focus on older phones",
             u"On {device} the camera preview stays blurry and no barcode is recognised. Works on "
             "newer phones in the same lighting.",
             RequestType::Bug,
             {u"android"_s, u"qa"_s}},
            {u"Offer biometric login",
             u"Customers ask to log in with Face ID / fingerprint instead of typing the password "
             "each time the session expires.",
             RequestType::ChangeRequest,
             {u"ios"_s, u"android"_s}},
            {u"Cart badge shows a stale count after checkout",
             u"After a successful purchase the cart icon still shows {count} items until the app "
             "is restarted. The cart itself is empty.",
             RequestType::Bug,
             {u"ios"_s}},
            {u"App version {version} stuck on the splash screen",
             u"Several one-star reviews since {version}: the app shows the splash screen forever "
             "on {os}. Reinstalling helps some users.",
             RequestType::Bug,
             {u"ios"_s, u"backend"_s, u"qa"_s}},
            {u"Text is cut off with large font sizes",
             u"With the system font size at its largest, product names and prices are truncated "
             "on the product page and the buy button label disappears.",
             RequestType::Bug,
             {u"ios"_s, u"android"_s}},
            {u"Can the app remember the last used delivery address?",
             u"Returning customers have to pick their address on every order. Could the last one "
             "be preselected?",
             RequestType::Question,
             {u"backend"_s}},
            {u"Order tracking map is blank in dark mode",
             u"The tracking map renders as a black rectangle when the phone is in dark mode on "
             "{device}. Light mode is fine.",
             RequestType::Bug,
             {u"android"_s}},
            {u"Deep links from emails open the store page instead of the product",
             u"Links like harbor.example/p/2041 in our campaign emails open the App Store / Play "
             "Store page even when the app is installed.",
             RequestType::Bug,
             {u"ios"_s, u"android"_s}},
            {u"Battery drain reported while app is in the background",
             u"Two customers report the app at the top of the battery usage list on {os} although "
             "they did not open it. Location updates may still be running after tracking ends.",
             RequestType::Bug,
             {u"ios"_s, u"qa"_s}},
            {u"Add a widget showing the next delivery",
             u"A home screen widget with the next delivery's status would reduce \"where is my "
             "order\" chats, which are {count} a week right now.",
             RequestType::ChangeRequest,
             {u"ios"_s, u"android"_s}},
            {u"When does the app drop support for {os}?",
             u"Our analytics show 6% of sessions on {os}. Do we have a date for dropping it, so "
             "support can answer customers?",
             RequestType::Question,
             {u"qa"_s}},
    };
    return samples;
}

const QList<Sample> &paymentSamples()
{
    static const QList<Sample> samples{
            {u"Invoice PDF shows last month's VAT rate",
             u"Invoices generated since the 1st still use the old VAT rate for Estonia (20% "
             "instead of 22%). The amount charged is correct; only the PDF is wrong.",
             RequestType::BillingQuestion,
             {u"billing"_s, u"backend"_s}},
            {u"Customer charged twice for one order",
             u"Order #{count} shows two captured payments {minutes} minutes apart. The customer "
             "clicked once; the first request timed out on our side and the client retried.",
             RequestType::Bug,
             {u"backend"_s, u"billing"_s}},
            {u"Refunds take {count} days to show up",
             u"Customers report refunds appearing only after {count} business days. Is that the "
             "processor's settlement time or do we batch refunds?",
             RequestType::BillingQuestion,
             {u"billing"_s}},
            {u"Password reset link expires too quickly",
             u"The reset link expires after 10 minutes. Many customers open the email later and "
             "hit \"link expired\"; support resets passwords by hand.",
             RequestType::ChangeRequest,
             {u"security"_s, u"backend"_s}},
            {u"3-D Secure challenge never completes on {browser}",
             u"The bank's challenge page opens in the iframe, the customer approves in the banking "
             "app, but our page keeps spinning. Seen with two different banks on {browser}.",
             RequestType::Bug,
             {u"backend"_s, u"qa"_s}},
            {u"Export of monthly transactions for accounting",
             u"Accounting needs a CSV export of all transactions per month with fees and VAT, "
             "instead of the processor dashboard screenshots we send today.",
             RequestType::ChangeRequest,
             {u"billing"_s, u"backend"_s}},
            {u"Suspicious login attempts from one IP range",
             u"The auth log shows {count} failed logins for different accounts from one /24 in "
             "the last hour. Rate limiting per account does not catch it.",
             RequestType::Bug,
             {u"security"_s}},
            {u"Why was my subscription renewed at a higher price?",
             u"A customer on the yearly plan was charged the new price. They believe their plan "
             "was grandfathered. Can we confirm which price applies?",
             RequestType::BillingQuestion,
             {u"billing"_s}},
            {u"Two-factor codes by SMS arrive late",
             u"SMS codes take {minutes} minutes to arrive for customers on one carrier, and the "
             "code is expired by then.",
             RequestType::Bug,
             {u"security"_s, u"backend"_s}},
            {u"Gift card balance not applied on partial payments",
             u"When a gift card covers only part of the order, the remaining amount is charged in "
             "full to the card and the gift card is untouched.",
             RequestType::Bug,
             {u"backend"_s, u"billing"_s}},
    };
    return samples;
}

// What people write to the public intake (the capability): no project, often general.
const QList<Sample> &inboxSamples()
{
    static const QList<Sample> samples{
            {u"Where is my order?",
             u"I ordered {count} days ago and the tracking page still says \"label created\". "
             "Could you tell me when it will ship?",
             RequestType::General,
             {}},
            {u"Question about an invoice",
             u"I need the invoice for my last order with our company's VAT number on it. Is it "
             "possible to reissue it?",
             RequestType::BillingQuestion,
             {}},
            {u"Your website is not working",
             u"I cannot log in since this morning, it keeps telling me my password is wrong but I "
             "reset it twice. Using {browser}.",
             RequestType::Bug,
             {}},
            {u"Do you ship to Norway?",
             u"The checkout does not offer Norway as a country. Is it possible to order from "
             "there at all?",
             RequestType::Question,
             {}},
            {u"Partnership enquiry",
             u"We run a chain of {count} outdoor shops and would like to talk about selling your "
             "products. Who would be the right contact?",
             RequestType::General,
             {}},
            {u"Accessibility problem with the checkout",
             u"I use a screen reader and the payment step has unlabeled fields, so I cannot tell "
             "which one is the card number.",
             RequestType::Bug,
             {}},
            {u"Can I change the delivery address after ordering?",
             u"I just placed an order and noticed the old address was used. The order was placed "
             "{minutes} minutes ago.",
             RequestType::Question,
             {}},
            {u"Feature request: order history export",
             u"Would love to download my order history as a spreadsheet for expense reports.",
             RequestType::ChangeRequest,
             {}},
    };
    return samples;
}

struct Person
{
    QString name;
    QString email;
};

const QList<Person> &externalPeople()
{
    static const QList<Person> people{
            {u"Elena García"_s, u"elena.garcia@brightmail.example"_s},
            {u"Tomasz Nowak"_s, u"t.nowak@post.example"_s},
            {u"Aiko Tanaka"_s, u"aiko.tanaka@example.jp"_s},
            {u"Samuel Okafor"_s, u"sam.okafor@lagosmail.example"_s},
            {u"Léa Martin"_s, u"lea.martin@courriel.example"_s},
            {u"Henrik Johansson"_s, u"henrik.j@nordic.example"_s},
            {u"Fatima Zahra"_s, u"fatima.zahra@example.ma"_s},
            {u"Oliver Brown"_s, u"oliver.brown@outdoorco.example"_s},
            {u"Mei Chen"_s, u"mei.chen@studio.example"_s},
            {u"Lucas Silva"_s, u"lucas.silva@example.com.br"_s},
            {u"Grace Kim"_s, u"grace.kim@webmail.example"_s},
            {u"Noah Fischer"_s, u"noah.fischer@example.de"_s},
    };
    return people;
}

const QStringList browsers{u"Safari 17"_s, u"Firefox 120"_s,        u"Chrome 119 on Windows"_s,
                           u"Edge 119"_s,  u"Safari on iOS 17.1"_s, u"Samsung Internet 23"_s};
const QStringList devices{u"Pixel 6"_s,    u"Galaxy S21"_s, u"iPhone 12 mini"_s, u"iPhone 15 Pro"_s,
                          u"Galaxy A13"_s, u"OnePlus 9"_s,  u"Moto G Power"_s};
const QStringList systems{u"Android 14"_s, u"Android 12"_s, u"iOS 17.1"_s, u"iOS 16.6"_s,
                          u"Android 11"_s};
const QStringList versions{u"4.12.0"_s, u"4.12.1"_s, u"4.13.0"_s, u"4.13.2"_s, u"4.14.0"_s};
const QStringList pages{u"home"_s, u"new arrivals"_s, u"sale"_s, u"outdoor"_s, u"gift guide"_s};

class Generator
{
public:
    explicit Generator(quint32 seed)
        : m_rng(seed)
    {}

    int below(int n) { return int(m_rng.bounded(quint32(n))); }
    bool chance(int percent) { return below(100) < percent; }
    template<typename T>
    const T &pick(const QList<T> &list)
    {
        return list.at(below(int(list.size())));
    }

    QString uuid()
    {
        // Version-4 layout from the seeded generator, so every run makes the same ids.
        QByteArray bytes(16, Qt::Uninitialized);
        for (char &byte : bytes)
            byte = char(below(256));
        bytes[6] = char((bytes[6] & 0x0f) | 0x40);
        bytes[8] = char((bytes[8] & 0x3f) | 0x80);
        return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
    }

    QString fill(QString text)
    {
        text.replace(u"{browser}"_s, pick(browsers));
        text.replace(u"{device}"_s, pick(devices));
        text.replace(u"{os}"_s, pick(systems));
        text.replace(u"{version}"_s, pick(versions));
        text.replace(u"{page}"_s, pick(pages));
        text.replace(u"{count}"_s, QString::number(3 + below(40)));
        text.replace(u"{minutes}"_s, QString::number(5 + below(50)));
        return text;
    }

private:
    QRandomGenerator m_rng;
};

QString demoToken(const QByteArray &secret, const QString &userId)
{
    const QByteArray mac
            = QMessageAuthenticationCode::hash(userId.toUtf8(), secret, QCryptographicHash::Sha256);
    return u"tdk_demo_"_s
           + QString::fromLatin1(
                   mac.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

BootstrapTenant demoTenant(const QByteArray &secret)
{
    BootstrapTenant t;
    t.tenant = {DemoSlug, DemoName};
    t.projects = {
            {WebProject,
             DemoSlug,
             u"Storefront web"_s,
             {u"frontend"_s, u"backend"_s, u"design"_s, u"qa"_s}},
            {MobileProject,
             DemoSlug,
             u"Harbor mobile app"_s,
             {u"ios"_s, u"android"_s, u"backend"_s, u"qa"_s}},
            {PaymentsProject,
             DemoSlug,
             u"Payments & accounts"_s,
             {u"backend"_s, u"billing"_s, u"security"_s, u"qa"_s}},
    };
    auto user = [&](const QString &id, const QString &name, const QString &email, CallerRole role,
                    bool all, const QStringList &projects) {
        BootstrapUser u;
        u.user = {id, DemoSlug, name, email, role, all, projects};
        u.tokenHashes = {hashToken(demoToken(secret, id))};
        return u;
    };
    t.users = {
            user(OwnerId, u"Maya Lindqvist"_s, u"maya@harborlabs.example"_s, CallerRole::Owner,
                 true, {}),
            user(ClientId, u"Jonas Weber"_s, u"jonas.weber@northwind-outdoor.example"_s,
                 CallerRole::Client, false, {WebProject, MobileProject}),
            user(SecondClientId, u"Priya Raman"_s, u"priya.raman@northwind-outdoor.example"_s,
                 CallerRole::Client, false, {PaymentsProject}),
            user(BotId, u"Harbor triage bot"_s, u"bot@harborlabs.example"_s, CallerRole::Bot, false,
                 {WebProject, MobileProject}),
    };
    return t;
}

// One planned change of the demo history, replayed in time order so seq follows time.
struct Action
{
    qint64 atMs = 0;
    int ticket = 0;                 // index into the planned tickets
    std::optional<TicketStatus> to; // nullopt: the creation
    QString note;
};

QJsonObject evidenceFor(Generator &g, const QString &projectId, const QString &title)
{
    QJsonObject evidence;
    // The file name comes from the sample title, placeholders dropped: a link never shows a
    // literal "{version}". (Not from the filled title: that would shift every later pick of
    // the generator and change the whole demo.)
    QString slug = title.toLower();
    slug.remove(QRegularExpression(u"\\{[a-z]+\\}"_s));
    slug = slug.simplified().left(32).replace(u' ', u'-');
    if (projectId == MobileProject) {
        evidence.insert(u"device"_s, g.pick(devices));
        evidence.insert(u"os"_s, g.pick(systems));
        evidence.insert(u"app_version"_s, g.pick(versions));
    } else {
        evidence.insert(u"browser"_s, g.pick(browsers));
        evidence.insert(u"url"_s, QString(u"https://shop.harbor.example/"_s
                                          + QString(g.pick(pages)).replace(u' ', u'-')));
    }
    QJsonArray links;
    links.append(u"https://status.harbor.example/incidents/%1"_s.arg(1000 + g.below(900)));
    if (g.chance(60))
        links.append(u"https://sentry.harbor.example/issues/%1"_s.arg(40000 + g.below(9000)));
    evidence.insert(u"links"_s, links);
    if (g.chance(55)) {
        evidence.insert(u"screenshots"_s,
                        QJsonArray{u"https://cdn.harbor.example/uploads/%1-%2.png"_s.arg(slug).arg(
                                g.below(100000))});
    }
    if (g.chance(50)) {
        evidence.insert(u"steps"_s, QJsonArray{u"Open the page or screen named in the title"_s,
                                               u"Follow the steps in the description"_s,
                                               u"Observe the result described above"_s});
    }
    if (g.chance(30)) {
        evidence.insert(u"log"_s, u"%1Z ERROR request_id=%2 upstream timed out after 30000ms"_s
                                          .arg(u"2026-11-%1T0%2:1%3:22.481"_s.arg(10 + g.below(12))
                                                       .arg(g.below(10))
                                                       .arg(g.below(10)))
                                          .arg(g.below(1 << 30), 8, 16, QChar(u'0')));
    }
    return evidence;
}

} // namespace

std::optional<DemoInfo> ensureDemoData(Storage &storage, qint64 nowMs, QString *error)
{
    try {
        const QString secretKey = u"demo.secret"_s;
        std::optional<QString> secretText = storage.setting(secretKey);
        if (!secretText) {
            QByteArray bytes(32, Qt::Uninitialized);
            QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 8);
            secretText = QString::fromLatin1(bytes.toHex());
            storage.setSetting(secretKey, *secretText);
        }
        const QByteArray secret = secretText->toLatin1();
        storage.applyBootstrap({demoTenant(secret)});

        DemoInfo info{DemoSlug, DemoName, demoToken(secret, OwnerId), demoToken(secret, ClientId),
                      WebProject};

        Visibility everything;
        everything.tenant = DemoSlug;
        everything.allProjects = true;
        if (!storage.changes(everything, 0, 1).tickets.isEmpty())
            return info; // generated before: tickets are append-only, never regenerate

        Generator g(Seed);
        const auto users = [&] {
            QHash<QString, UserRecord> map;
            for (const QString &id : {OwnerId, ClientId, SecondClientId, BotId}) {
                if (const auto user = storage.user(id))
                    map.insert(id, *user);
            }
            return map;
        }();

        QList<NewTicket> tickets;
        QList<Action> actions;
        const qint64 start = nowMs - 45 * DayMs;
        for (int i = 0; i < TicketCount; ++i) {
            NewTicket t;
            t.id = g.uuid();
            t.tenant = DemoSlug;
            // Older tickets are rarer than recent ones: a service that is growing.
            const double position = std::sqrt(double(g.below(10000)) / 10000.0);
            t.createdAtMs
                    = start + qint64(position * double(45 * DayMs - HourMs)) + g.below(int(HourMs));
            const int who = g.below(100);
            const Sample *sample = nullptr;
            if (who < 28) { // the public intake
                const Person &person = g.pick(externalPeople());
                const int area = g.below(100);
                if (area < 45) {
                    sample = &g.pick(inboxSamples());
                } else {
                    t.projectId = area < 70   ? WebProject
                                  : area < 88 ? MobileProject
                                              : PaymentsProject;
                    sample = &g.pick(t.projectId == WebProject      ? webSamples()
                                     : t.projectId == MobileProject ? mobileSamples()
                                                                    : paymentSamples());
                }
                t.requester = {person.name, person.email};
                t.source = u"capability"_s;
                if (g.chance(50)) {
                    t.agentVendor = g.chance(50) ? u"Claude"_s : u"ChatGPT"_s;
                    t.actorRole = u"agent"_s;
                } else {
                    t.actorRole = u"requester"_s;
                }
                t.roles = {};
            } else {
                const QString userId = who < 62 ? ClientId : who < 80 ? SecondClientId : BotId;
                const UserRecord user = users.value(userId);
                t.projectId = userId == SecondClientId ? PaymentsProject
                              : g.chance(60)           ? WebProject
                                                       : MobileProject;
                sample = &g.pick(t.projectId == WebProject      ? webSamples()
                                 : t.projectId == MobileProject ? mobileSamples()
                                                                : paymentSamples());
                t.requester = {user.name, user.email};
                t.requesterUserId = user.id;
                t.actorRole = userId == BotId ? u"agent"_s : u"user"_s;
                t.actorId = userId == BotId && g.chance(70) ? ClientId : user.id;
                t.source = userId == BotId ? u"mcp"_s : g.chance(70) ? u"desktop"_s : u"portal"_s;
                t.roles = sample->roles;
                if (t.roles.isEmpty())
                    t.roles = {u"qa"_s};
                if (g.chance(75))
                    t.evidence = evidenceFor(g, *t.projectId, QString::fromUtf16(sample->title));
                if (g.chance(45)) {
                    t.suggestedResolution = g.pick(QList<QString>{
                            u"Roll back the last release of this area and add a regression test."_s,
                            u"Probably a missing null check; the logs point at the same handler."_s,
                            u"Cache the result per customer for a few minutes."_s,
                            u"Align the behaviour with the mobile app, which gets this right."_s});
                }
                if (g.chance(35)) {
                    t.implementationNotes = g.pick(QList<QString>{
                            u"Feature flag it; marketing wants to announce it."_s,
                            u"Coordinate with the payments team before deploying."_s,
                            u"Keep the old endpoint for two releases; old app versions call it."_s,
                            u"Needs a migration for existing rows."_s});
                }
            }
            t.title = g.fill(QString::fromUtf16(sample->title));
            t.description = g.fill(QString::fromUtf16(sample->description));
            t.requestType = sample->type;
            const int p = g.below(100);
            t.priority = p < 20   ? Priority::Low
                         : p < 65 ? Priority::Medium
                         : p < 90 ? Priority::High
                                  : Priority::Urgent;
            t.blocking = t.priority == Priority::Urgent ? g.chance(60) : g.chance(6);
            tickets.append(t);
            actions.append({t.createdAtMs, i, std::nullopt, {}});

            // How far it got: the older, the further along.
            const double ageDays = double(nowMs - t.createdAtMs) / double(DayMs);
            qint64 at = t.createdAtMs;
            auto step = [&](TicketStatus to, const QString &note, qint64 minMs, qint64 spanMs) {
                at += minMs + g.below(int(qMin<qint64>(spanMs, INT_MAX)));
                if (at >= nowMs - 60'000)
                    return false;
                actions.append({at, i, to, note});
                return true;
            };
            const int roll = g.below(100);
            const int stage = ageDays < 1   ? (roll < 70 ? 0 : 1)
                              : ageDays < 5 ? (roll < 25   ? 0
                                               : roll < 60 ? 1
                                               : roll < 85 ? 2
                                                           : 3)
                                            : (roll < 8    ? 0
                                               : roll < 22 ? 1
                                               : roll < 40 ? 2
                                                           : 3);
            if (stage == 0)
                continue;
            if (stage == 3 && g.chance(22)) {
                // Closed before work started, with the reason an owner would give.
                const QString note = g.pick(QList<QString>{
                        u"Duplicate of an earlier report; following up there."_s, u"Spam."_s,
                        u"Won't fix: works as designed, answered the requester."_s,
                        u"Could not reproduce after two attempts; closing."_s});
                if (g.chance(50))
                    step(TicketStatus::Triaged, u"Looking into it."_s, 20 * 60'000, 8 * HourMs);
                step(TicketStatus::Closed, note, 10 * 60'000, 2 * DayMs);
                continue;
            }
            if (!step(TicketStatus::Triaged,
                      g.pick(QList<QString>{u"Reproduced on staging."_s,
                                            u"Confirmed, assigning to the team."_s, QString(),
                                            u"Needs design input first."_s}),
                      15 * 60'000, 10 * HourMs)
                || stage == 1)
                continue;
            if (!step(TicketStatus::InProgress,
                      g.pick(QList<QString>{u"Fix in progress."_s, QString(),
                                            u"Scheduled for this sprint."_s}),
                      HourMs, 2 * DayMs)
                || stage == 2)
                continue;
            step(TicketStatus::Closed,
                 g.pick(QList<QString>{u"Fixed in the latest release."_s,
                                       u"Deployed to production."_s, QString(),
                                       u"Answered and documented in the help center."_s}),
                 2 * HourMs, 4 * DayMs);
        }

        std::stable_sort(actions.begin(), actions.end(),
                         [](const Action &a, const Action &b) { return a.atMs < b.atMs; });
        storage.write([&](WriteTransaction &tx) {
            QList<std::optional<Ticket>> current(tickets.size());
            for (const Action &action : std::as_const(actions)) {
                if (!action.to) {
                    current[action.ticket] = tx.insertTicket(tickets.at(action.ticket));
                    continue;
                }
                std::optional<Ticket> &ticket = current[action.ticket];
                if (!ticket)
                    continue;
                ticket = tx.applyStatusChange(
                        *ticket, {ticket->id, *action.to, action.note, OwnerId, action.atMs});
            }
        });
        return info;
    } catch (const StorageError &e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return std::nullopt;
    }
}

} // namespace td::server
