<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>td::AboutDialog</name>
    <message>
        <source>About TriageDesk</source>
        <translation>About TriageDesk</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Submit, review and triage tickets of your projects, online or offline: changes wait in the outbox until the server has them.</source>
        <translation>Submit, review and triage tickets of your projects, online or offline: changes wait in the outbox until the server has them.</translation>
    </message>
    <message>
        <source>Built with Qt %1 (running on Qt %2).</source>
        <translation>Built with Qt %1 (running on Qt %2).</translation>
    </message>
</context>
<context>
    <name>td::AccountsDialog</name>
    <message>
        <source>Accounts</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <source>&amp;Add account…</source>
        <translation>&amp;Add account…</translation>
    </message>
    <message>
        <source>&amp;Switch to</source>
        <translation>&amp;Switch to</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Remove…</translation>
    </message>
    <message>
        <source>%1 (%2) — %3 on %4</source>
        <extracomment>An account line: user name, role, tenant and server</extracomment>
        <translation>%1 (%2) — %3 on %4</translation>
    </message>
    <message>
        <source>[current]</source>
        <translation>[current]</translation>
    </message>
    <message>
        <source>[signed out: token refused]</source>
        <translation>[signed out: token refused]</translation>
    </message>
    <message>
        <source>[token kept for this session only]</source>
        <translation>[token kept for this session only]</translation>
    </message>
    <message>
        <source>Remove account</source>
        <translation>Remove account</translation>
    </message>
    <message>
        <source>Remove %1 on %2? Its token is forgotten and its local copy of tickets is no longer used. Tickets on the server are not affected.</source>
        <translation>Remove %1 on %2? Its token is forgotten and its local copy of tickets is no longer used. Tickets on the server are not affected.</translation>
    </message>
</context>
<context>
    <name>td::ConfirmDialog</name>
    <message>
        <source>Confirm the new ticket</source>
        <translation>Confirm the new ticket</translation>
    </message>
    <message>
        <source>This is exactly what will be sent. Nothing is created until you choose Submit or Keep in outbox.</source>
        <translation>This is exactly what will be sent. Nothing is created until you choose Submit or Keep in outbox.</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Request body (JSON)</source>
        <translation>Request body (JSON)</translation>
    </message>
    <message numerus="yes">
        <source>Size as sent: %n byte(s)</source>
        <translation>
            <numerusform>Size as sent: %n byte</numerusform>
            <numerusform>Size as sent: %n bytes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Size as sent: %1 (%n byte(s))</source>
        <translation>
            <numerusform>Size as sent: %1 (%n byte)</numerusform>
            <numerusform>Size as sent: %1 (%n bytes)</numerusform>
        </translation>
    </message>
    <message>
        <source>Possible duplicates in your local copy: none found.</source>
        <translation>Possible duplicates in your local copy: none found.</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>&amp;Back to editing</source>
        <translation>&amp;Back to editing</translation>
    </message>
    <message>
        <source>&amp;Keep in outbox</source>
        <translation>&amp;Keep in outbox</translation>
    </message>
    <message>
        <source>&amp;Submit</source>
        <translation>&amp;Submit</translation>
    </message>
    <message>
        <source>Queue it; it is sent with the next synchronisation</source>
        <translation>Queue it; it is sent with the next synchronisation</translation>
    </message>
    <message>
        <source>Send it to the server now</source>
        <translation>Send it to the server now</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Blocking</source>
        <translation>Blocking</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Evidence</translation>
    </message>
    <message numerus="yes">
        <source>%n link(s)</source>
        <translation>
            <numerusform>%n link</numerusform>
            <numerusform>%n links</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n other item(s)</source>
        <translation>
            <numerusform>%n other item</numerusform>
            <numerusform>%n other items</numerusform>
        </translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Suggested resolution</source>
        <translation>Suggested resolution</translation>
    </message>
    <message>
        <source>Implementation notes</source>
        <translation>Implementation notes</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message numerus="yes">
        <source>Possible duplicates in your local copy (%n):</source>
        <translation>
            <numerusform>Possible duplicates in your local copy (%n):</numerusform>
            <numerusform>Possible duplicates in your local copy (%n):</numerusform>
        </translation>
    </message>
    <message>
        <source>Possible duplicates</source>
        <translation>Possible duplicates</translation>
    </message>
    <message>
        <source>Double-click or press Enter to read a ticket; this confirmation stays open</source>
        <translation>Double-click or press Enter to read a ticket; this confirmation stays open</translation>
    </message>
    <message>
        <source>Possible duplicate</source>
        <translation>Possible duplicate</translation>
    </message>
    <message>
        <source>Ticket #%1 (read-only)</source>
        <translation>Ticket #%1 (read-only)</translation>
    </message>
</context>
<context>
    <name>td::ConnectDialog</name>
    <message>
        <source>Connect to a ticket server</source>
        <translation>Connect to a ticket server</translation>
    </message>
    <message>
        <source>Your server</source>
        <translation>Your server</translation>
    </message>
    <message>
        <source>https:// address of the ticket service (http:// only on this computer)</source>
        <translation>https:// address of the ticket service (http:// only on this computer)</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>Server &amp;address:</translation>
    </message>
    <message>
        <source>The access token you were given</source>
        <translation>The access token you were given</translation>
    </message>
    <message>
        <source>Access &amp;token:</source>
        <translation>Access &amp;token:</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Connect</translation>
    </message>
    <message>
        <source>Keep the token for this &amp;session only</source>
        <translation>Keep the token for this &amp;session only</translation>
    </message>
    <message>
        <source>The token stays in memory until TriageDesk quits; you will be asked again next time</source>
        <translation>The token stays in memory until TriageDesk quits; you will be asked again next time</translation>
    </message>
    <message>
        <source>No server yet?</source>
        <translation>No server yet?</translation>
    </message>
    <message>
        <source>Try TriageDesk on a demo server that runs inside the app, with sample projects and tickets.</source>
        <translation>Try TriageDesk on a demo server that runs inside the app, with sample projects and tickets.</translation>
    </message>
    <message>
        <source>Try the &amp;demo</source>
        <translation>Try the &amp;demo</translation>
    </message>
    <message>
        <source>as a client (submit tickets) instead of the owner</source>
        <translation>as a client (submit tickets) instead of the owner</translation>
    </message>
    <message>
        <source>Checking the token with the server…</source>
        <translation>Checking the token with the server…</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, e.g. https://tickets.example.org</source>
        <translation>Enter the server&apos;s address, e.g. https://tickets.example.org</translation>
    </message>
    <message>
        <source>The address must start with https://</source>
        <translation>The address must start with https://</translation>
    </message>
    <message>
        <source>This server needs a secure connection: use https:// (plain http:// is only allowed to this computer, so your token never crosses a network unencrypted).</source>
        <translation>This server needs a secure connection: use https:// (plain http:// is only allowed to this computer, so your token never crosses a network unencrypted).</translation>
    </message>
    <message>
        <source>Enter your access token.</source>
        <translation>Enter your access token.</translation>
    </message>
    <message>
        <source>Starting the demo server…</source>
        <translation>Starting the demo server…</translation>
    </message>
    <message>
        <source>The demo server could not start: %1</source>
        <translation>The demo server could not start: %1</translation>
    </message>
    <message>
        <source>The server cannot be reached: nothing answers at this address. Check the address and that the server is running.</source>
        <translation>The server cannot be reached: nothing answers at this address. Check the address and that the server is running.</translation>
    </message>
    <message>
        <source>The server cannot be reached: this host name is unknown. Check the address.</source>
        <translation>The server cannot be reached: this host name is unknown. Check the address.</translation>
    </message>
    <message>
        <source>The server cannot be reached: it did not answer in time.</source>
        <translation>The server cannot be reached: it did not answer in time.</translation>
    </message>
    <message>
        <source>The secure connection failed (the server&apos;s certificate was not accepted).</source>
        <translation>The secure connection failed (the server&apos;s certificate was not accepted).</translation>
    </message>
    <message>
        <source>This server needs a secure connection: use https://.</source>
        <translation>This server needs a secure connection: use https://.</translation>
    </message>
    <message>
        <source>This address answers, but not like a TriageDesk ticket server.</source>
        <translation>This address answers, but not like a TriageDesk ticket server.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <source>The server cannot be reached.</source>
        <translation>The server cannot be reached.</translation>
    </message>
    <message>
        <source>Your GitHub link has expired: sign in to the portal again to re-link GitHub, then use the new token here.</source>
        <translation>Your GitHub link has expired: sign in to the portal again to re-link GitHub, then use the new token here.</translation>
    </message>
    <message>
        <source>The server does not know this token. Check that you copied all of it.</source>
        <translation>The server does not know this token. Check that you copied all of it.</translation>
    </message>
    <message>
        <source>This token has been revoked. Ask for a new one.</source>
        <translation>This token has been revoked. Ask for a new one.</translation>
    </message>
    <message>
        <source>This token may not use the app.</source>
        <translation>This token may not use the app.</translation>
    </message>
    <message numerus="yes">
        <source>Too many attempts: wait %n second(s) and try again.</source>
        <translation>
            <numerusform>Too many attempts: wait %n second and try again.</numerusform>
            <numerusform>Too many attempts: wait %n seconds and try again.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server has a problem right now (HTTP %1). Try again later.</source>
        <translation>The server has a problem right now (HTTP %1). Try again later.</translation>
    </message>
    <message>
        <source>The server refused the sign-in (HTTP %1).</source>
        <translation>The server refused the sign-in (HTTP %1).</translation>
    </message>
    <message>
        <source>The token is valid, but there is no keychain on this computer to keep it safe (no Secret Service is running). You can keep it for this session only: you will be asked for it again after TriageDesk quits.</source>
        <translation>The token is valid, but there is no keychain on this computer to keep it safe (no Secret Service is running). You can keep it for this session only: you will be asked for it again after TriageDesk quits.</translation>
    </message>
    <message>
        <source>The token is valid, but the keychain stayed locked, so it could not be saved. Unlock it and try again, or keep the token for this session only.</source>
        <translation>The token is valid, but the keychain stayed locked, so it could not be saved. Unlock it and try again, or keep the token for this session only.</translation>
    </message>
    <message>
        <source>The token is valid, but the keychain could not save it.</source>
        <translation>The token is valid, but the keychain could not save it.</translation>
    </message>
    <message>
        <source>It was tried as https://%1. Did you mean http://%1? (Plain http:// is allowed only to this computer.)</source>
        <translation>It was tried as https://%1. Did you mean http://%1? (Plain http:// is allowed only to this computer.)</translation>
    </message>
</context>
<context>
    <name>td::DesktopNotifier</name>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
</context>
<context>
    <name>td::DetailPane</name>
    <message>
        <source>Ticket details</source>
        <translation>Ticket details</translation>
    </message>
    <message numerus="yes">
        <source>%n tickets selected</source>
        <translation>
            <numerusform>%n ticket selected</numerusform>
            <numerusform>%n tickets selected</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a ticket to see its details.</source>
        <translation>Select a ticket to see its details.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>General inbox</source>
        <translation>General inbox</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Blocking</source>
        <translation>Blocking</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Requester</source>
        <translation>Requester</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Actor</source>
        <extracomment>Who acted and in which role, e.g. &quot;Carl Client (user)&quot;</extracomment>
        <translation>Actor</translation>
    </message>
    <message>
        <source>Agent vendor</source>
        <translation>Agent vendor</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Ticket ID</source>
        <translation>Ticket ID</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>Suggested resolution</source>
        <translation>Suggested resolution</translation>
    </message>
    <message>
        <source>Implementation notes</source>
        <translation>Implementation notes</translation>
    </message>
    <message>
        <source>History not loaded (it is fetched when online).</source>
        <translation>History not loaded (it is fetched when online).</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Not sent yet: it waits in the outbox.</source>
        <translation>Not sent yet: it waits in the outbox.</translation>
    </message>
    <message>
        <source>It starts when the server takes the ticket in.</source>
        <translation>It starts when the server takes the ticket in.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>td::Labels</name>
    <message>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Triaged</source>
        <translation>Triaged</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Bug</source>
        <translation>Bug</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Change request</source>
        <translation>Change request</translation>
    </message>
    <message>
        <source>Billing question</source>
        <translation>Billing question</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Low</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>High</source>
        <translation>High</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <source>&amp;Triage</source>
        <translation>&amp;Triage</translation>
    </message>
    <message>
        <source>Start &amp;progress</source>
        <translation>Start &amp;progress</translation>
    </message>
    <message>
        <source>&amp;Close ticket</source>
        <translation>&amp;Close ticket</translation>
    </message>
</context>
<context>
    <name>td::MainWindow</name>
    <message>
        <source>Working offline: changes wait in the outbox.</source>
        <translation>Working offline: changes wait in the outbox.</translation>
    </message>
    <message>
        <source>Back online: sending the outbox and syncing.</source>
        <translation>Back online: sending the outbox and syncing.</translation>
    </message>
    <message>
        <source>TriageDesk</source>
        <translation>TriageDesk</translation>
    </message>
    <message>
        <source>&amp;New ticket…</source>
        <translation>&amp;New ticket…</translation>
    </message>
    <message>
        <source>&amp;Export list as CSV…</source>
        <translation>&amp;Export list as CSV…</translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation>&amp;Accounts…</translation>
    </message>
    <message>
        <source>Switch to the demo &amp;client</source>
        <translation>Switch to the demo &amp;client</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <source>Work &amp;offline</source>
        <translation>Work &amp;offline</translation>
    </message>
    <message>
        <source>&amp;Outbox</source>
        <translation>&amp;Outbox</translation>
    </message>
    <message>
        <source>C&amp;lear filters</source>
        <translation>C&amp;lear filters</translation>
    </message>
    <message>
        <source>&amp;Next ticket</source>
        <translation>&amp;Next ticket</translation>
    </message>
    <message>
        <source>&amp;Previous ticket</source>
        <translation>&amp;Previous ticket</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>&amp;About TriageDesk</source>
        <translation>&amp;About TriageDesk</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Ticket</source>
        <translation>&amp;Ticket</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Main</translation>
    </message>
    <message>
        <source>Search tickets (Ctrl+F)</source>
        <translation>Search tickets (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search tickets</source>
        <translation>Search tickets</translation>
    </message>
    <message>
        <source>Filter by type</source>
        <translation>Filter by type</translation>
    </message>
    <message>
        <source>Any type</source>
        <translation>Any type</translation>
    </message>
    <message>
        <source>Filter by priority</source>
        <translation>Filter by priority</translation>
    </message>
    <message>
        <source>Any priority</source>
        <translation>Any priority</translation>
    </message>
    <message>
        <source>Filter by blocking</source>
        <translation>Filter by blocking</translation>
    </message>
    <message>
        <source>Blocking or not</source>
        <translation>Blocking or not</translation>
    </message>
    <message>
        <source>Blocking only</source>
        <translation>Blocking only</translation>
    </message>
    <message>
        <source>Not blocking</source>
        <translation>Not blocking</translation>
    </message>
    <message>
        <source>Filter by role</source>
        <translation>Filter by role</translation>
    </message>
    <message>
        <source>Any role</source>
        <translation>Any role</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <source>Switch to the demo &amp;owner</source>
        <translation>Switch to the demo &amp;owner</translation>
    </message>
    <message>
        <source>Waiting in the outbox: move to %1.</source>
        <translation>Waiting in the outbox: move to %1.</translation>
    </message>
    <message>
        <source>Conflict: the server changed this ticket. Resolve it in the outbox.</source>
        <translation>Conflict: the server changed this ticket. Resolve it in the outbox.</translation>
    </message>
    <message>
        <source>The server refused a change to this ticket. See the outbox.</source>
        <translation>The server refused a change to this ticket. See the outbox.</translation>
    </message>
    <message>
        <source>%1 #%2</source>
        <translation>%1 #%2</translation>
    </message>
    <message numerus="yes">
        <source>%1 %n tickets</source>
        <translation>
            <numerusform>%1 %n ticket</numerusform>
            <numerusform>%1 %n tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>Queued: %1</source>
        <translation>Queued: %1</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>&amp;Undo %1</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>Undone: %1</translation>
    </message>
    <message numerus="yes">
        <source>Partly undone: %n change(s) had already been sent.</source>
        <translation>
            <numerusform>Partly undone: %n change had already been sent.</numerusform>
            <numerusform>Partly undone: %n changes had already been sent.</numerusform>
        </translation>
    </message>
    <message>
        <source>owner</source>
        <translation>owner</translation>
    </message>
    <message>
        <source>client</source>
        <translation>client</translation>
    </message>
    <message>
        <source>%1 (%2) — %3</source>
        <translation>%1 (%2) — %3</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>demo</translation>
    </message>
    <message>
        <source>Export list as CSV</source>
        <translation>Export list as CSV</translation>
    </message>
    <message>
        <source>tickets.csv</source>
        <translation>tickets.csv</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n ticket(s).</source>
        <translation>
            <numerusform>Exported %n ticket.</numerusform>
            <numerusform>Exported %n tickets.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>Could not write %1.</translation>
    </message>
    <message>
        <source>Your change was discarded; the server&apos;s version stays.</source>
        <translation>Your change was discarded; the server&apos;s version stays.</translation>
    </message>
    <message>
        <source>Your change is queued again on top of the server&apos;s version.</source>
        <translation>Your change is queued again on top of the server&apos;s version.</translation>
    </message>
    <message>
        <source>Edit queued change</source>
        <translation>Edit queued change</translation>
    </message>
    <message>
        <source>Ticket queued; it is sent as soon as the server is reachable.</source>
        <translation>Ticket queued; it is sent as soon as the server is reachable.</translation>
    </message>
    <message>
        <source>Switch account</source>
        <translation>Switch account</translation>
    </message>
    <message>
        <source>New tickets</source>
        <translation>New tickets</translation>
    </message>
    <message numerus="yes">
        <source>%n new ticket(s) arrived.</source>
        <translation>
            <numerusform>%n new ticket arrived.</numerusform>
            <numerusform>%n new tickets arrived.</numerusform>
        </translation>
    </message>
    <message>
        <source>More tools</source>
        <translation>More tools</translation>
    </message>
    <message>
        <source>Clear search</source>
        <translation>Clear search</translation>
    </message>
    <message>
        <source>The server could not send the changes (HTTP %1). Nothing was lost; the next sync tries again.</source>
        <translation>The server could not send the changes (HTTP %1). Nothing was lost; the next sync tries again.</translation>
    </message>
    <message>
        <source>The disk is full: nothing more can be saved on this computer until there is free space.</source>
        <translation>The disk is full: nothing more can be saved on this computer until there is free space.</translation>
    </message>
    <message>
        <source>Another program is holding the local cache; try again in a moment.</source>
        <translation>Another program is holding the local cache; try again in a moment.</translation>
    </message>
    <message>
        <source>The local cache is damaged; restart the app to rebuild it (unsent work is kept).</source>
        <translation>The local cache is damaged; restart the app to rebuild it (unsent work is kept).</translation>
    </message>
    <message>
        <source>The local cache was written by a newer TriageDesk.</source>
        <translation>The local cache was written by a newer TriageDesk.</translation>
    </message>
    <message>
        <source>That item no longer exists.</source>
        <translation>That item no longer exists.</translation>
    </message>
    <message>
        <source>That item is being sent or was sent already.</source>
        <translation>That item is being sent or was sent already.</translation>
    </message>
    <message>
        <source>The local cache could not be written (%1).</source>
        <translation>The local cache could not be written (%1).</translation>
    </message>
    <message>
        <source>Signed out: sign in again.</source>
        <translation>Signed out: sign in again.</translation>
    </message>
    <message>
        <source>Sign &amp;in again…</source>
        <translation>Sign &amp;in again…</translation>
    </message>
    <message>
        <source>Sign-in problem</source>
        <translation>Sign-in problem</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Sign in…</translation>
    </message>
    <message>
        <source>Could not queue the change: %1</source>
        <translation>Could not queue the change: %1</translation>
    </message>
    <message>
        <source>Could not undo: %1</source>
        <translation>Could not undo: %1</translation>
    </message>
    <message>
        <source>Ticket kept in the outbox; send it from there when you are ready.</source>
        <translation>Ticket kept in the outbox; send it from there when you are ready.</translation>
    </message>
    <message>
        <source>Ticket queued; it is sent once you sign in again.</source>
        <translation>Ticket queued; it is sent once you sign in again.</translation>
    </message>
    <message>
        <source>Sending the ticket…</source>
        <translation>Sending the ticket…</translation>
    </message>
    <message>
        <source>Could not open that account: %1</source>
        <translation>Could not open that account: %1</translation>
    </message>
    <message>
        <source>This computer has no saved sign-in for this account.</source>
        <translation>This computer has no saved sign-in for this account.</translation>
    </message>
    <message>
        <source>Your GitHub link has expired: link GitHub again on the server&apos;s website, then sign in with a new token.</source>
        <translation>Your GitHub link has expired: link GitHub again on the server&apos;s website, then sign in with a new token.</translation>
    </message>
    <message>
        <source>The server no longer accepts this account&apos;s token.</source>
        <translation>The server no longer accepts this account&apos;s token.</translation>
    </message>
    <message numerus="yes">
        <source>Sign in again to send %n queued change(s).</source>
        <translation>
            <numerusform>Sign in again to send %n queued change.</numerusform>
            <numerusform>Sign in again to send %n queued changes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sign in again to sync.</source>
        <translation>Sign in again to sync.</translation>
    </message>
    <message>
        <source>Link GitHub again…</source>
        <translation>Link GitHub again…</translation>
    </message>
    <message>
        <source>Nothing was lost; the next sync tries again.</source>
        <translation>Nothing was lost; the next sync tries again.</translation>
    </message>
    <message>
        <source>Ticket #%1 created: %2</source>
        <translation>Ticket #%1 created: %2</translation>
    </message>
    <message>
        <source>A ticket titled “%1” was created less than a minute ago (#%2): the server returned it instead of a new one. Your text is kept in the outbox, held, to edit and send again.</source>
        <translation>A ticket titled “%1” was created less than a minute ago (#%2): the server returned it instead of a new one. Your text is kept in the outbox, held, to edit and send again.</translation>
    </message>
    <message>
        <source>No matching tickets</source>
        <translation>No matching tickets</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>No tickets match “%1”.</source>
        <translation>No tickets match “%1”.</translation>
    </message>
    <message>
        <source>No ticket with that id is visible to you.</source>
        <translation>No ticket with that id is visible to you.</translation>
    </message>
    <message>
        <source>Show &amp;detail pane</source>
        <translation>Show &amp;detail pane</translation>
    </message>
    <message>
        <source>Save current &amp;view…</source>
        <translation>Save current &amp;view…</translation>
    </message>
    <message>
        <source>&amp;Rename saved view…</source>
        <translation>&amp;Rename saved view…</translation>
    </message>
    <message>
        <source>Move saved view &amp;up</source>
        <translation>Move saved view &amp;up</translation>
    </message>
    <message>
        <source>Move saved view do&amp;wn</source>
        <translation>Move saved view do&amp;wn</translation>
    </message>
    <message>
        <source>&amp;Delete saved view…</source>
        <translation>&amp;Delete saved view…</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>Triage</source>
        <translation>Triage</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Views</translation>
    </message>
    <message>
        <source>Editing</source>
        <translation>Editing</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Theme</translation>
    </message>
    <message>
        <source>Type: %1</source>
        <translation>Type: %1</translation>
    </message>
    <message>
        <source>Priority: %1</source>
        <translation>Priority: %1</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>Role: %1</translation>
    </message>
    <message>
        <source>Clear the filters and the search (%1)</source>
        <translation>Clear the filters and the search (%1)</translation>
    </message>
    <message>
        <source>Filters and search cleared.</source>
        <translation>Filters and search cleared.</translation>
    </message>
    <message>
        <source>No tickets match these filters (%1).</source>
        <translation>No tickets match these filters (%1).</translation>
    </message>
    <message>
        <source>The filters narrow the list too (%1).</source>
        <translation>The filters narrow the list too (%1).</translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (you)</translation>
    </message>
    <message>
        <source>Showing the saved view “%1”.</source>
        <translation>Showing the saved view “%1”.</translation>
    </message>
    <message>
        <source>Could not save the view: %1</source>
        <translation>Could not save the view: %1</translation>
    </message>
    <message>
        <source>Saved the view “%1” (%2).</source>
        <translation>Saved the view “%1” (%2).</translation>
    </message>
    <message>
        <source>Saved the view “%1”.</source>
        <translation>Saved the view “%1”.</translation>
    </message>
    <message>
        <source>Could not rename the view: %1</source>
        <translation>Could not rename the view: %1</translation>
    </message>
    <message>
        <source>Renamed the view to “%1”.</source>
        <translation>Renamed the view to “%1”.</translation>
    </message>
    <message>
        <source>Could not move the view: %1</source>
        <translation>Could not move the view: %1</translation>
    </message>
    <message>
        <source>Delete saved view</source>
        <translation>Delete saved view</translation>
    </message>
    <message>
        <source>Delete the saved view “%1”? The tickets stay as they are.</source>
        <translation>Delete the saved view “%1”? The tickets stay as they are.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Could not delete the view: %1</source>
        <translation>Could not delete the view: %1</translation>
    </message>
    <message>
        <source>Deleted the saved view “%1”.</source>
        <translation>Deleted the saved view “%1”.</translation>
    </message>
    <message>
        <source>Saved view</source>
        <translation>Saved view</translation>
    </message>
    <message>
        <source>you</source>
        <extracomment>The signed-in user, in &quot;Changed by %1 on %2.&quot;</extracomment>
        <translation>you</translation>
    </message>
    <message>
        <source>someone unnamed</source>
        <extracomment>In &quot;Changed by %1 on %2.&quot;</extracomment>
        <translation>someone unnamed</translation>
    </message>
</context>
<context>
    <name>td::OutboxConflictDialog</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>Resolve conflict</source>
        <translation>Resolve conflict</translation>
    </message>
    <message>
        <source>Someone changed this ticket on the server after you queued your change. Compare and decide.</source>
        <translation>Someone changed this ticket on the server after you queued your change. Compare and decide.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Your change&lt;/b&gt;</source>
        <translation>&lt;b&gt;Your change&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;On the server now&lt;/b&gt;</source>
        <translation>&lt;b&gt;On the server now&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Your change</source>
        <translation>Your change</translation>
    </message>
    <message>
        <source>The server&apos;s version</source>
        <translation>The server&apos;s version</translation>
    </message>
    <message>
        <source>Move to: %1</source>
        <translation>Move to: %1</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(unknown)</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Note: %1</translation>
    </message>
    <message>
        <source>Based on version %1</source>
        <translation>Based on version %1</translation>
    </message>
    <message>
        <source>As you saw it:</source>
        <translation>As you saw it:</translation>
    </message>
    <message>
        <source>The server&apos;s version is not known.</source>
        <translation>The server&apos;s version is not known.</translation>
    </message>
    <message>
        <source>&amp;Apply my change to the server&apos;s version</source>
        <translation>&amp;Apply my change to the server&apos;s version</translation>
    </message>
    <message>
        <source>&amp;Discard my change</source>
        <translation>&amp;Discard my change</translation>
    </message>
    <message>
        <source>Your change is still possible from &quot;%1&quot;.</source>
        <translation>Your change is still possible from &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>From &quot;%1&quot; your change is no longer possible.</source>
        <translation>From &quot;%1&quot; your change is no longer possible.</translation>
    </message>
    <message>
        <source>Changed on the server on %1; who changed it and why is not known yet.</source>
        <translation>Changed on the server on %1; who changed it and why is not known yet.</translation>
    </message>
    <message>
        <source>Changed by %1 on %2.</source>
        <translation>Changed by %1 on %2.</translation>
    </message>
    <message>
        <source>No note was given.</source>
        <translation>No note was given.</translation>
    </message>
    <message>
        <source>Note: &quot;%1&quot;</source>
        <translation>Note: &quot;%1&quot;</translation>
    </message>
</context>
<context>
    <name>td::OutboxView</name>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>Re&amp;solve…</source>
        <translation>Re&amp;solve…</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>Outbox items</source>
        <translation>Outbox items</translation>
    </message>
    <message>
        <source>Edit item</source>
        <translation>Edit item</translation>
    </message>
    <message>
        <source>Resolve conflict</source>
        <translation>Resolve conflict</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>No account.</source>
        <translation>No account.</translation>
    </message>
    <message>
        <source>New ticket</source>
        <translation>New ticket</translation>
    </message>
    <message>
        <source>Transition</source>
        <translation>Transition</translation>
    </message>
    <message>
        <source>No connection</source>
        <translation>No connection</translation>
    </message>
    <message>
        <source>Nothing waits to be sent.</source>
        <translation>Nothing waits to be sent.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) not sent yet.</source>
        <translation>
            <numerusform>%n item not sent yet.</numerusform>
            <numerusform>%n items not sent yet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Too late: this item is being sent or was sent.</source>
        <translation>Too late: this item is being sent or was sent.</translation>
    </message>
    <message>
        <source>Send &amp;now</source>
        <translation>Send &amp;now</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Discard</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>Send now</translation>
    </message>
    <message>
        <source>Discard item</source>
        <translation>Discard item</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Held</translation>
    </message>
    <message>
        <source>The outbox cannot be read from this computer&apos;s disk.</source>
        <translation>The outbox cannot be read from this computer&apos;s disk.</translation>
    </message>
    <message>
        <source>Send this ticket now</source>
        <translation>Send this ticket now</translation>
    </message>
    <message>
        <source>Try sending this item again now</source>
        <translation>Try sending this item again now</translation>
    </message>
    <message>
        <source>This item can no longer be sent from here.</source>
        <translation>This item can no longer be sent from here.</translation>
    </message>
    <message>
        <source>The outbox on this computer refused the change.</source>
        <translation>The outbox on this computer refused the change.</translation>
    </message>
    <message>
        <source>Working offline: nothing is sent until you go back online (Ctrl+Shift+W).</source>
        <translation>Working offline: nothing is sent until you go back online (Ctrl+Shift+W).</translation>
    </message>
</context>
<context>
    <name>td::ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source> or </source>
        <translation> or </translation>
    </message>
</context>
<context>
    <name>td::Sidebar</name>
    <message>
        <source>Views and projects</source>
        <translation>Views and projects</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Views</translation>
    </message>
    <message>
        <source>Projects</source>
        <translation>Projects</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Inbox</translation>
    </message>
    <message>
        <source>Triaged</source>
        <translation>Triaged</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>All projects</source>
        <translation>All projects</translation>
    </message>
    <message>
        <source>General inbox</source>
        <translation>General inbox</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n ticket(s)</source>
        <translation>
            <numerusform>%1, %n ticket</numerusform>
            <numerusform>%1, %n tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation>Saved views</translation>
    </message>
    <message>
        <source>My tickets</source>
        <translation>My tickets</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>td::StatusBarWidget</name>
    <message>
        <source>Sync progress</source>
        <translation>Sync progress</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <source>Show the outbox</source>
        <translation>Show the outbox</translation>
    </message>
    <message>
        <source>Working offline</source>
        <translation>Working offline</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <source>Synced just now</source>
        <translation>Synced just now</translation>
    </message>
    <message numerus="yes">
        <source>Synced %n min ago</source>
        <translation>
            <numerusform>Synced %n min ago</numerusform>
            <numerusform>Synced %n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Synced %n hour(s) ago</source>
        <translation>
            <numerusform>Synced %n hour ago</numerusform>
            <numerusform>Synced %n hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Synced %n day(s) ago</source>
        <translation>
            <numerusform>Synced %n day ago</numerusform>
            <numerusform>Synced %n days ago</numerusform>
        </translation>
    </message>
    <message>
        <source>Outbox empty</source>
        <translation>Outbox empty</translation>
    </message>
    <message numerus="yes">
        <source>%n unsent</source>
        <translation>
            <numerusform>%n unsent</numerusform>
            <numerusform>%n unsent</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>Sync failed</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Signed out</translation>
    </message>
    <message>
        <source>Building sort indexes…</source>
        <translation>Building sort indexes…</translation>
    </message>
    <message>
        <source>The first sync stores the tickets first and builds the indexes for the other sort orders at its end. Until then, sorting by a column other than Updated may take a moment.</source>
        <translation>The first sync stores the tickets first and builds the indexes for the other sort orders at its end. Until then, sorting by a column other than Updated may take a moment.</translation>
    </message>
</context>
<context>
    <name>td::SubmissionDialog</name>
    <message>
        <source>New ticket</source>
        <translation>New ticket</translation>
    </message>
    <message>
        <source>Could not queue the ticket</source>
        <translation>Could not queue the ticket</translation>
    </message>
    <message>
        <source>Edit ticket before sending</source>
        <translation>Edit ticket before sending</translation>
    </message>
    <message>
        <source>The ticket could not be saved to the outbox on this computer: %1 Your text is kept; try again.</source>
        <translation>The ticket could not be saved to the outbox on this computer: %1 Your text is kept; try again.</translation>
    </message>
    <message>
        <source>You are signed out: the ticket waits in the outbox and is sent once you sign in again.</source>
        <translation>You are signed out: the ticket waits in the outbox and is sent once you sign in again.</translation>
    </message>
    <message>
        <source>Working offline: the ticket waits in the outbox and is sent when you go back online (Ctrl+Shift+W).</source>
        <translation>Working offline: the ticket waits in the outbox and is sent when you go back online (Ctrl+Shift+W).</translation>
    </message>
    <message>
        <source>The server cannot be reached: the ticket waits in the outbox and is sent as soon as it is reachable.</source>
        <translation>The server cannot be reached: the ticket waits in the outbox and is sent as soon as it is reachable.</translation>
    </message>
</context>
<context>
    <name>td::SubmissionForm</name>
    <message>
        <source>The project this ticket is for</source>
        <translation>The project this ticket is for</translation>
    </message>
    <message>
        <source>&amp;Project:</source>
        <translation>&amp;Project:</translation>
    </message>
    <message>
        <source>A short summary people will recognise in a list</source>
        <translation>A short summary people will recognise in a list</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Title:</translation>
    </message>
    <message>
        <source>What happened, what you expected, how to reproduce it</source>
        <translation>What happened, what you expected, how to reproduce it</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Description:</translation>
    </message>
    <message>
        <source>Choose a type…</source>
        <translation>Choose a type…</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>T&amp;ype:</translation>
    </message>
    <message>
        <source>Who should work on it (the project&apos;s roles)</source>
        <translation>Who should work on it (the project&apos;s roles)</translation>
    </message>
    <message>
        <source>&amp;Roles:</source>
        <translation>&amp;Roles:</translation>
    </message>
    <message>
        <source>Pri&amp;ority:</source>
        <translation>Pri&amp;ority:</translation>
    </message>
    <message>
        <source>This blocks our work</source>
        <translation>This blocks our work</translation>
    </message>
    <message>
        <source>&amp;Blocking:</source>
        <translation>&amp;Blocking:</translation>
    </message>
    <message>
        <source>Links, one per line (screenshots, logs, pages)</source>
        <translation>Links, one per line (screenshots, logs, pages)</translation>
    </message>
    <message>
        <source>More evidence as a JSON object, e.g. {&quot;steps&quot;: [&quot;…&quot;]}</source>
        <translation>More evidence as a JSON object, e.g. {&quot;steps&quot;: [&quot;…&quot;]}</translation>
    </message>
    <message>
        <source>&amp;Evidence:</source>
        <translation>&amp;Evidence:</translation>
    </message>
    <message>
        <source>Optional: how you think it could be fixed</source>
        <translation>Optional: how you think it could be fixed</translation>
    </message>
    <message>
        <source>&amp;Suggested resolution:</source>
        <translation>&amp;Suggested resolution:</translation>
    </message>
    <message>
        <source>Optional: guidance for whoever picks it up</source>
        <translation>Optional: guidance for whoever picks it up</translation>
    </message>
    <message>
        <source>&amp;Implementation notes:</source>
        <translation>&amp;Implementation notes:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Re&amp;view and submit…</source>
        <translation>Re&amp;view and submit…</translation>
    </message>
    <message>
        <source>Not valid JSON: %1</source>
        <translation>Not valid JSON: %1</translation>
    </message>
    <message>
        <source>Must be a JSON object: {…}</source>
        <translation>Must be a JSON object: {…}</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Blocking</source>
        <translation>Blocking</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>Suggested resolution</source>
        <translation>Suggested resolution</translation>
    </message>
    <message>
        <source>Implementation notes</source>
        <translation>Implementation notes</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>Has the wrong type</source>
        <translation>Has the wrong type</translation>
    </message>
    <message numerus="yes">
        <source>Choose at least %n role(s)</source>
        <translation>
            <numerusform>Choose at least %n role</numerusform>
            <numerusform>Choose at least %n roles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At least %n character(s)</source>
        <translation>
            <numerusform>At least %n character</numerusform>
            <numerusform>At least %n characters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At most %n role(s)</source>
        <translation>
            <numerusform>At most %n role</numerusform>
            <numerusform>At most %n roles</numerusform>
        </translation>
    </message>
    <message>
        <source>Too large: at most %1 KiB as JSON</source>
        <translation>Too large: at most %1 KiB as JSON</translation>
    </message>
    <message numerus="yes">
        <source>At most %n character(s)</source>
        <translation>
            <numerusform>At most %n character</numerusform>
            <numerusform>At most %n characters</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose one of the listed values</source>
        <translation>Choose one of the listed values</translation>
    </message>
    <message>
        <source>Unknown fields: %1</source>
        <translation>Unknown fields: %1</translation>
    </message>
    <message>
        <source>“%1” is chosen twice</source>
        <translation>“%1” is chosen twice</translation>
    </message>
    <message>
        <source>“%1” is not a role of this project</source>
        <translation>“%1” is not a role of this project</translation>
    </message>
    <message>
        <source>Choose at least one role</source>
        <translation>Choose at least one role</translation>
    </message>
    <message>
        <source>Not accepted: %1</source>
        <translation>Not accepted: %1</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>Server: %1: %2</source>
        <translation>Server: %1: %2</translation>
    </message>
    <message>
        <source>Review exactly what will be sent, then submit</source>
        <translation>Review exactly what will be sent, then submit</translation>
    </message>
    <message>
        <source>Ready to submit.</source>
        <translation>Ready to submit.</translation>
    </message>
    <message>
        <source>Choose a project first.</source>
        <translation>Choose a project first.</translation>
    </message>
    <message>
        <source>Cannot submit yet: %1: %2</source>
        <extracomment>Status line under the form: &quot;&lt;field&gt;: &lt;what is wrong&gt;&quot;</extracomment>
        <translation>Cannot submit yet: %1: %2</translation>
    </message>
    <message>
        <source>Cannot submit yet: %1</source>
        <translation>Cannot submit yet: %1</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <extracomment>Characters used / allowed under a text field</extracomment>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Evidence links</source>
        <translation>Evidence links</translation>
    </message>
    <message>
        <source>Evidence as JSON</source>
        <translation>Evidence as JSON</translation>
    </message>
</context>
<context>
    <name>td::Theme</name>
    <message>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <source>Follow the desktop&apos;s light or dark setting</source>
        <translation>Follow the desktop&apos;s light or dark setting</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Light</translation>
    </message>
    <message>
        <source>Dark text on light colours</source>
        <translation>Dark text on light colours</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dark</translation>
    </message>
    <message>
        <source>Light text on dark colours</source>
        <translation>Light text on dark colours</translation>
    </message>
</context>
<context>
    <name>td::TicketViewProxy</name>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>Up to date</translation>
    </message>
    <message>
        <source>Unsent</source>
        <translation>Unsent</translation>
    </message>
    <message>
        <source>A change waits in the outbox</source>
        <translation>A change waits in the outbox</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>The server changed this ticket meanwhile; resolve it in the outbox</source>
        <translation>The server changed this ticket meanwhile; resolve it in the outbox</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>The server refused a change; see the outbox</source>
        <translation>The server refused a change; see the outbox</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Requester</source>
        <translation>Requester</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>Unsent or conflicting changes</source>
        <translation>Unsent or conflicting changes</translation>
    </message>
    <message>
        <source>new</source>
        <translation>new</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Outgoing</translation>
    </message>
    <message>
        <source>This new ticket is not sent yet; see the outbox</source>
        <translation>This new ticket is not sent yet; see the outbox</translation>
    </message>
</context>
<context>
    <name>td::TriageController</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>td::TriageNoteDialog</name>
    <message numerus="yes">
        <source>Close ticket</source>
        <translation>
            <numerusform>Close ticket</numerusform>
            <numerusform>Close tickets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Closing before work started needs a reason (duplicate, spam, won&apos;t fix…). Why are you closing %n ticket(s)?</source>
        <translation>
            <numerusform>Closing before work started needs a reason (duplicate, spam, won&apos;t fix…). Why are you closing %n ticket?</numerusform>
            <numerusform>Closing before work started needs a reason (duplicate, spam, won&apos;t fix…). Why are you closing %n tickets?</numerusform>
        </translation>
    </message>
    <message>
        <source>Reason for closing</source>
        <translation>Reason for closing</translation>
    </message>
    <message>
        <source>%1 / %2 characters — too long</source>
        <translation>%1 / %2 characters — too long</translation>
    </message>
    <message>
        <source>%1 / %2 characters</source>
        <translation>%1 / %2 characters</translation>
    </message>
    <message>
        <source>Common reasons:</source>
        <translation>Common reasons:</translation>
    </message>
    <message>
        <source>Duplicate of #…</source>
        <translation>Duplicate of #…</translation>
    </message>
    <message>
        <source>Spam</source>
        <translation>Spam</translation>
    </message>
    <message>
        <source>Won&apos;t fix</source>
        <translation>Won&apos;t fix</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Duplicate of #</source>
        <translation>Duplicate of #</translation>
    </message>
    <message>
        <source>Won&apos;t fix: </source>
        <translation>Won&apos;t fix: </translation>
    </message>
</context>
<context>
    <name>td::ViewNameDialog</name>
    <message>
        <source>Save current view</source>
        <translation>Save current view</translation>
    </message>
    <message>
        <source>Rename view</source>
        <translation>Rename view</translation>
    </message>
    <message>
        <source>View name</source>
        <translation>View name</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Rename</translation>
    </message>
    <message>
        <source>It keeps the view, project, filters, search and sort shown now.</source>
        <translation>It keeps the view, project, filters, search and sort shown now.</translation>
    </message>
    <message>
        <source>A saved view named “%1” exists: saving replaces what it shows.</source>
        <translation>A saved view named “%1” exists: saving replaces what it shows.</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Replace</translation>
    </message>
    <message>
        <source>Another saved view is named “%1”.</source>
        <translation>Another saved view is named “%1”.</translation>
    </message>
</context>
</TS>
