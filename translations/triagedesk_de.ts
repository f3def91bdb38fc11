<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>td::AboutDialog</name>
    <message>
        <source>About TriageDesk</source>
        <translation>Über TriageDesk</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Submit, review and triage tickets of your projects, online or offline: changes wait in the outbox until the server has them.</source>
        <translation>Tickets Ihrer Projekte einreichen, prüfen und sichten, online wie offline: Änderungen warten im Postausgang, bis der Server sie hat.</translation>
    </message>
    <message>
        <source>Built with Qt %1 (running on Qt %2).</source>
        <translation>Erstellt mit Qt %1 (läuft unter Qt %2).</translation>
    </message>
</context>
<context>
    <name>td::AccountsDialog</name>
    <message>
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
    <message>
        <source>&amp;Add account…</source>
        <translation>Konto &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Switch to</source>
        <translation>&amp;Wechseln zu</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>%1 (%2) — %3 on %4</source>
        <extracomment>An account line: user name, role, tenant and server</extracomment>
        <translation>%1 (%2) — %3 auf %4</translation>
    </message>
    <message>
        <source>[current]</source>
        <translation>[aktuell]</translation>
    </message>
    <message>
        <source>[signed out: token refused]</source>
        <translation>[abgemeldet: Token abgelehnt]</translation>
    </message>
    <message>
        <source>[token kept for this session only]</source>
        <translation>[Token nur für diese Sitzung gespeichert]</translation>
    </message>
    <message>
        <source>Remove account</source>
        <translation>Konto entfernen</translation>
    </message>
    <message>
        <source>Remove %1 on %2? Its token is forgotten and its local copy of tickets is no longer used. Tickets on the server are not affected.</source>
        <translation>%1 auf %2 entfernen? Sein Token wird vergessen und seine lokale Ticket-Kopie nicht mehr verwendet. Die Tickets auf dem Server bleiben unberührt.</translation>
    </message>
</context>
<context>
    <name>td::ConfirmDialog</name>
    <message>
        <source>Confirm the new ticket</source>
        <translation>Neues Ticket bestätigen</translation>
    </message>
    <message>
        <source>This is exactly what will be sent. Nothing is created until you choose Submit or Keep in outbox.</source>
        <translation>Genau das wird gesendet. Es wird nichts angelegt, bevor Sie „Absenden“ oder „Im Postausgang behalten“ wählen.</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Request body (JSON)</source>
        <translation>Anfragedaten (JSON)</translation>
    </message>
    <message>
        <source>Possible duplicates in your local copy: none found.</source>
        <translation>Mögliche Duplikate in Ihrer lokalen Kopie: keine gefunden.</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>&amp;Back to editing</source>
        <translation>&amp;Zurück zur Bearbeitung</translation>
    </message>
    <message>
        <source>&amp;Keep in outbox</source>
        <translation>Im &amp;Postausgang behalten</translation>
    </message>
    <message>
        <source>&amp;Submit</source>
        <translation>&amp;Absenden</translation>
    </message>
    <message>
        <source>Queue it; it is sent with the next synchronisation</source>
        <translation>In die Warteschlange stellen; es wird mit der nächsten Synchronisierung gesendet</translation>
    </message>
    <message>
        <source>Send it to the server now</source>
        <translation>Jetzt an den Server senden</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Blocking</source>
        <translation>Blockierend</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Belege</translation>
    </message>
    <message numerus="yes">
        <source>%n link(s)</source>
        <translation>
            <numerusform>%n Link</numerusform>
            <numerusform>%n Links</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n other item(s)</source>
        <translation>
            <numerusform>%n weiterer Eintrag</numerusform>
            <numerusform>%n weitere Einträge</numerusform>
        </translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Suggested resolution</source>
        <translation>Lösungsvorschlag</translation>
    </message>
    <message>
        <source>Implementation notes</source>
        <translation>Hinweise zur Umsetzung</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message numerus="yes">
        <source>Possible duplicates in your local copy (%n):</source>
        <translation>
            <numerusform>Mögliches Duplikat in Ihrer lokalen Kopie (%n):</numerusform>
            <numerusform>Mögliche Duplikate in Ihrer lokalen Kopie (%n):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Size as sent: %n byte(s)</source>
        <translation>
            <numerusform>Größe wie gesendet: %n Byte</numerusform>
            <numerusform>Größe wie gesendet: %n Bytes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Size as sent: %1 (%n byte(s))</source>
        <translation>
            <numerusform>Größe wie gesendet: %1 (%n Byte)</numerusform>
            <numerusform>Größe wie gesendet: %1 (%n Bytes)</numerusform>
        </translation>
    </message>
    <message>
        <source>Possible duplicates</source>
        <translation>Mögliche Duplikate</translation>
    </message>
    <message>
        <source>Double-click or press Enter to read a ticket; this confirmation stays open</source>
        <translation>Doppelklick oder Eingabetaste zeigt das Ticket; diese Bestätigung bleibt offen</translation>
    </message>
    <message>
        <source>Possible duplicate</source>
        <translation>Mögliches Duplikat</translation>
    </message>
    <message>
        <source>Ticket #%1 (read-only)</source>
        <translation>Ticket #%1 (nur lesen)</translation>
    </message>
</context>
<context>
    <name>td::ConnectDialog</name>
    <message>
        <source>Connect to a ticket server</source>
        <translation>Mit einem Ticket-Server verbinden</translation>
    </message>
    <message>
        <source>Your server</source>
        <translation>Ihr Server</translation>
    </message>
    <message>
        <source>https:// address of the ticket service (http:// only on this computer)</source>
        <translation>https://-Adresse des Ticket-Dienstes (http:// nur auf diesem Computer)</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>Server-&amp;Adresse:</translation>
    </message>
    <message>
        <source>The access token you were given</source>
        <translation>Das Zugangs-Token, das Sie erhalten haben</translation>
    </message>
    <message>
        <source>Access &amp;token:</source>
        <translation>Zugangs-&amp;Token:</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>Keep the token for this &amp;session only</source>
        <translation>Token nur für diese &amp;Sitzung behalten</translation>
    </message>
    <message>
        <source>The token stays in memory until TriageDesk quits; you will be asked again next time</source>
        <translation>Das Token bleibt im Speicher, bis TriageDesk beendet wird; beim nächsten Start werden Sie erneut gefragt</translation>
    </message>
    <message>
        <source>No server yet?</source>
        <translation>Noch kein Server?</translation>
    </message>
    <message>
        <source>Try TriageDesk on a demo server that runs inside the app, with sample projects and tickets.</source>
        <translation>Probieren Sie TriageDesk mit einem Demo-Server aus, der im Programm läuft, mit Beispielprojekten und -tickets.</translation>
    </message>
    <message>
        <source>Try the &amp;demo</source>
        <translation>&amp;Demo ausprobieren</translation>
    </message>
    <message>
        <source>as a client (submit tickets) instead of the owner</source>
        <translation>als Kunde (Tickets einreichen) statt als Verantwortlicher</translation>
    </message>
    <message>
        <source>Checking the token with the server…</source>
        <translation>Token wird beim Server geprüft…</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, e.g. https://tickets.example.org</source>
        <translation>Geben Sie die Adresse des Servers ein, z. B. https://tickets.example.org</translation>
    </message>
    <message>
        <source>The address must start with https://</source>
        <translation>Die Adresse muss mit https:// beginnen</translation>
    </message>
    <message>
        <source>This server needs a secure connection: use https:// (plain http:// is only allowed to this computer, so your token never crosses a network unencrypted).</source>
        <translation>Dieser Server braucht eine sichere Verbindung: Verwenden Sie https:// (einfaches http:// ist nur zu diesem Computer erlaubt, damit Ihr Token nie unverschlüsselt durch ein Netzwerk geht).</translation>
    </message>
    <message>
        <source>Enter your access token.</source>
        <translation>Geben Sie Ihr Zugangs-Token ein.</translation>
    </message>
    <message>
        <source>Starting the demo server…</source>
        <translation>Demo-Server wird gestartet…</translation>
    </message>
    <message>
        <source>The demo server could not start: %1</source>
        <translation>Der Demo-Server konnte nicht starten: %1</translation>
    </message>
    <message>
        <source>The server cannot be reached: nothing answers at this address. Check the address and that the server is running.</source>
        <translation>Der Server ist nicht erreichbar: Unter dieser Adresse antwortet nichts. Prüfen Sie die Adresse und ob der Server läuft.</translation>
    </message>
    <message>
        <source>The server cannot be reached: this host name is unknown. Check the address.</source>
        <translation>Der Server ist nicht erreichbar: Dieser Rechnername ist unbekannt. Prüfen Sie die Adresse.</translation>
    </message>
    <message>
        <source>The server cannot be reached: it did not answer in time.</source>
        <translation>Der Server ist nicht erreichbar: Er hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>The secure connection failed (the server&apos;s certificate was not accepted).</source>
        <translation>Die sichere Verbindung ist fehlgeschlagen (das Zertifikat des Servers wurde nicht akzeptiert).</translation>
    </message>
    <message>
        <source>This server needs a secure connection: use https://.</source>
        <translation>Dieser Server braucht eine sichere Verbindung: Verwenden Sie https://.</translation>
    </message>
    <message>
        <source>This address answers, but not like a TriageDesk ticket server.</source>
        <translation>Diese Adresse antwortet, aber nicht wie ein TriageDesk-Ticket-Server.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>The server cannot be reached.</source>
        <translation>Der Server ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>Your GitHub link has expired: sign in to the portal again to re-link GitHub, then use the new token here.</source>
        <translation>Ihre GitHub-Verknüpfung ist abgelaufen: Melden Sie sich erneut im Portal an, um GitHub neu zu verknüpfen, und verwenden Sie dann hier das neue Token.</translation>
    </message>
    <message>
        <source>The server does not know this token. Check that you copied all of it.</source>
        <translation>Der Server kennt dieses Token nicht. Prüfen Sie, ob Sie es vollständig kopiert haben.</translation>
    </message>
    <message>
        <source>This token has been revoked. Ask for a new one.</source>
        <translation>Dieses Token wurde widerrufen. Fordern Sie ein neues an.</translation>
    </message>
    <message>
        <source>This token may not use the app.</source>
        <translation>Dieses Token darf das Programm nicht verwenden.</translation>
    </message>
    <message numerus="yes">
        <source>Too many attempts: wait %n second(s) and try again.</source>
        <translation>
            <numerusform>Zu viele Versuche: Warten Sie %n Sekunde und versuchen Sie es erneut.</numerusform>
            <numerusform>Zu viele Versuche: Warten Sie %n Sekunden und versuchen Sie es erneut.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server has a problem right now (HTTP %1). Try again later.</source>
        <translation>Der Server hat gerade ein Problem (HTTP %1). Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The server refused the sign-in (HTTP %1).</source>
        <translation>Der Server hat die Anmeldung abgelehnt (HTTP %1).</translation>
    </message>
    <message>
        <source>The token is valid, but there is no keychain on this computer to keep it safe (no Secret Service is running). You can keep it for this session only: you will be asked for it again after TriageDesk quits.</source>
        <translation>Das Token ist gültig, aber auf diesem Computer gibt es keinen Schlüsselbund, der es sicher aufbewahrt (kein Secret Service läuft). Sie können es nur für diese Sitzung behalten: Nach dem Beenden von TriageDesk werden Sie erneut danach gefragt.</translation>
    </message>
    <message>
        <source>The token is valid, but the keychain stayed locked, so it could not be saved. Unlock it and try again, or keep the token for this session only.</source>
        <translation>Das Token ist gültig, aber der Schlüsselbund blieb gesperrt, daher konnte es nicht gespeichert werden. Entsperren Sie ihn und versuchen Sie es erneut, oder behalten Sie das Token nur für diese Sitzung.</translation>
    </message>
    <message>
        <source>The token is valid, but the keychain could not save it.</source>
        <translation>Das Token ist gültig, aber der Schlüsselbund konnte es nicht speichern.</translation>
    </message>
    <message>
        <source>It was tried as https://%1. Did you mean http://%1? (Plain http:// is allowed only to this computer.)</source>
        <translation>Es wurde als https://%1 versucht. Meinten Sie http://%1? (Unverschlüsseltes http:// ist nur zu diesem Computer erlaubt.)</translation>
    </message>
</context>
<context>
    <name>td::DesktopNotifier</name>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
</context>
<context>
    <name>td::DetailPane</name>
    <message>
        <source>Ticket details</source>
        <translation>Ticketdetails</translation>
    </message>
    <message numerus="yes">
        <source>%n tickets selected</source>
        <translation>
            <numerusform>%n Ticket ausgewählt</numerusform>
            <numerusform>%n Tickets ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a ticket to see its details.</source>
        <translation>Wählen Sie ein Ticket, um seine Details zu sehen.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>General inbox</source>
        <translation>Allgemeiner Eingang</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Blocking</source>
        <translation>Blockierend</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Requester</source>
        <translation>Anfragende Person</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Actor</source>
        <extracomment>Who acted and in which role, e.g. &quot;Carl Client (user)&quot;</extracomment>
        <translation>Handelnde Person</translation>
    </message>
    <message>
        <source>Agent vendor</source>
        <translation>Agent-Anbieter</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Ticket ID</source>
        <translation>Ticket-ID</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Belege</translation>
    </message>
    <message>
        <source>Suggested resolution</source>
        <translation>Lösungsvorschlag</translation>
    </message>
    <message>
        <source>Implementation notes</source>
        <translation>Hinweise zur Umsetzung</translation>
    </message>
    <message>
        <source>History not loaded (it is fetched when online).</source>
        <translation>Verlauf nicht geladen (er wird online abgerufen).</translation>
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
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Not sent yet: it waits in the outbox.</source>
        <translation>Noch nicht gesendet: Es wartet im Postausgang.</translation>
    </message>
    <message>
        <source>It starts when the server takes the ticket in.</source>
        <translation>Er beginnt, sobald der Server das Ticket angenommen hat.</translation>
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
        <translation>Neu</translation>
    </message>
    <message>
        <source>Triaged</source>
        <translation>Gesichtet</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>Bug</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <source>Change request</source>
        <translation>Änderungswunsch</translation>
    </message>
    <message>
        <source>Billing question</source>
        <translation>Abrechnungsfrage</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Dringend</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Wieder öffnen</translation>
    </message>
    <message>
        <source>&amp;Triage</source>
        <translation>&amp;Sichten</translation>
    </message>
    <message>
        <source>Start &amp;progress</source>
        <translation>&amp;Bearbeitung beginnen</translation>
    </message>
    <message>
        <source>&amp;Close ticket</source>
        <translation>Ticket s&amp;chließen</translation>
    </message>
</context>
<context>
    <name>td::MainWindow</name>
    <message>
        <source>Working offline: changes wait in the outbox.</source>
        <translation>Offline-Betrieb: Änderungen warten im Postausgang.</translation>
    </message>
    <message>
        <source>Back online: sending the outbox and syncing.</source>
        <translation>Wieder online: Postausgang wird gesendet und synchronisiert.</translation>
    </message>
    <message>
        <source>TriageDesk</source>
        <translation>TriageDesk</translation>
    </message>
    <message>
        <source>&amp;New ticket…</source>
        <translation>&amp;Neues Ticket…</translation>
    </message>
    <message>
        <source>&amp;Export list as CSV…</source>
        <translation>Liste als CSV &amp;exportieren…</translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation>&amp;Konten…</translation>
    </message>
    <message>
        <source>Switch to the demo &amp;client</source>
        <translation>Zum Demo-&amp;Kunden wechseln</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>Jetzt s&amp;ynchronisieren</translation>
    </message>
    <message>
        <source>Work &amp;offline</source>
        <translation>&amp;Offline arbeiten</translation>
    </message>
    <message>
        <source>&amp;Outbox</source>
        <translation>&amp;Postausgang</translation>
    </message>
    <message>
        <source>C&amp;lear filters</source>
        <translation>Filter &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Next ticket</source>
        <translation>&amp;Nächstes Ticket</translation>
    </message>
    <message>
        <source>&amp;Previous ticket</source>
        <translation>&amp;Vorheriges Ticket</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About TriageDesk</source>
        <translation>&amp;Über TriageDesk</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Ticket</source>
        <translation>&amp;Ticket</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <source>Search tickets (Ctrl+F)</source>
        <translation>Tickets durchsuchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search tickets</source>
        <translation>Tickets durchsuchen</translation>
    </message>
    <message>
        <source>Filter by type</source>
        <translation>Nach Art filtern</translation>
    </message>
    <message>
        <source>Any type</source>
        <translation>Jede Art</translation>
    </message>
    <message>
        <source>Filter by priority</source>
        <translation>Nach Priorität filtern</translation>
    </message>
    <message>
        <source>Any priority</source>
        <translation>Jede Priorität</translation>
    </message>
    <message>
        <source>Filter by blocking</source>
        <translation>Nach Blockierung filtern</translation>
    </message>
    <message>
        <source>Blocking or not</source>
        <translation>Blockierend oder nicht</translation>
    </message>
    <message>
        <source>Blocking only</source>
        <translation>Nur blockierende</translation>
    </message>
    <message>
        <source>Not blocking</source>
        <translation>Nicht blockierend</translation>
    </message>
    <message>
        <source>Filter by role</source>
        <translation>Nach Rolle filtern</translation>
    </message>
    <message>
        <source>Any role</source>
        <translation>Jede Rolle</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Postausgang</translation>
    </message>
    <message>
        <source>Switch to the demo &amp;owner</source>
        <translation>Zum Demo-&amp;Verantwortlichen wechseln</translation>
    </message>
    <message>
        <source>Waiting in the outbox: move to %1.</source>
        <translation>Wartet im Postausgang: nach %1 verschieben.</translation>
    </message>
    <message>
        <source>Conflict: the server changed this ticket. Resolve it in the outbox.</source>
        <translation>Konflikt: Der Server hat dieses Ticket geändert. Lösen Sie ihn im Postausgang.</translation>
    </message>
    <message>
        <source>The server refused a change to this ticket. See the outbox.</source>
        <translation>Der Server hat eine Änderung an diesem Ticket abgelehnt. Siehe Postausgang.</translation>
    </message>
    <message>
        <source>%1 #%2</source>
        <translation>%1 #%2</translation>
    </message>
    <message numerus="yes">
        <source>%1 %n tickets</source>
        <translation>
            <numerusform>%1 %n Ticket</numerusform>
            <numerusform>%1 %n Tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>Queued: %1</source>
        <translation>Eingereiht: %1</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>%1 &amp;rückgängig machen</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>Rückgängig gemacht: %1</translation>
    </message>
    <message numerus="yes">
        <source>Partly undone: %n change(s) had already been sent.</source>
        <translation>
            <numerusform>Teilweise rückgängig gemacht: %n Änderung war schon gesendet.</numerusform>
            <numerusform>Teilweise rückgängig gemacht: %n Änderungen waren schon gesendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>client</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>%1 (%2) — %3</source>
        <translation>%1 (%2) — %3</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>Export list as CSV</source>
        <translation>Liste als CSV exportieren</translation>
    </message>
    <message>
        <source>tickets.csv</source>
        <translation>tickets.csv</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n ticket(s).</source>
        <translation>
            <numerusform>%n Ticket exportiert.</numerusform>
            <numerusform>%n Tickets exportiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Your change was discarded; the server&apos;s version stays.</source>
        <translation>Ihre Änderung wurde verworfen; die Version des Servers bleibt.</translation>
    </message>
    <message>
        <source>Your change is queued again on top of the server&apos;s version.</source>
        <translation>Ihre Änderung ist erneut eingereiht, auf Basis der Version des Servers.</translation>
    </message>
    <message>
        <source>Edit queued change</source>
        <translation>Wartende Änderung bearbeiten</translation>
    </message>
    <message>
        <source>Ticket queued; it is sent as soon as the server is reachable.</source>
        <translation>Ticket eingereiht; es wird gesendet, sobald der Server erreichbar ist.</translation>
    </message>
    <message>
        <source>Switch account</source>
        <translation>Konto wechseln</translation>
    </message>
    <message>
        <source>New tickets</source>
        <translation>Neue Tickets</translation>
    </message>
    <message numerus="yes">
        <source>%n new ticket(s) arrived.</source>
        <translation>
            <numerusform>%n neues Ticket eingetroffen.</numerusform>
            <numerusform>%n neue Tickets eingetroffen.</numerusform>
        </translation>
    </message>
    <message>
        <source>More tools</source>
        <translation>Weitere Werkzeuge</translation>
    </message>
    <message>
        <source>Clear search</source>
        <translation>Suche leeren</translation>
    </message>
    <message>
        <source>The server could not send the changes (HTTP %1). Nothing was lost; the next sync tries again.</source>
        <translation>Der Server konnte die Änderungen nicht senden (HTTP %1). Nichts ging verloren; die nächste Synchronisierung versucht es erneut.</translation>
    </message>
    <message>
        <source>The disk is full: nothing more can be saved on this computer until there is free space.</source>
        <translation>Die Festplatte ist voll: Auf diesem Computer kann nichts mehr gespeichert werden, bis wieder Platz frei ist.</translation>
    </message>
    <message>
        <source>Another program is holding the local cache; try again in a moment.</source>
        <translation>Ein anderes Programm hält den lokalen Zwischenspeicher belegt; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The local cache is damaged; restart the app to rebuild it (unsent work is kept).</source>
        <translation>Der lokale Zwischenspeicher ist beschädigt; starten Sie die App neu, um ihn neu aufzubauen (ungesendete Arbeit bleibt erhalten).</translation>
    </message>
    <message>
        <source>The local cache was written by a newer TriageDesk.</source>
        <translation>Der lokale Zwischenspeicher wurde von einer neueren TriageDesk-Version geschrieben.</translation>
    </message>
    <message>
        <source>That item no longer exists.</source>
        <translation>Dieser Eintrag existiert nicht mehr.</translation>
    </message>
    <message>
        <source>That item is being sent or was sent already.</source>
        <translation>Dieser Eintrag wird gerade gesendet oder wurde schon gesendet.</translation>
    </message>
    <message>
        <source>The local cache could not be written (%1).</source>
        <translation>Der lokale Zwischenspeicher konnte nicht geschrieben werden (%1).</translation>
    </message>
    <message>
        <source>Signed out: sign in again.</source>
        <translation>Abgemeldet: Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Sign &amp;in again…</source>
        <translation>Erneut &amp;anmelden…</translation>
    </message>
    <message>
        <source>Sign-in problem</source>
        <translation>Anmeldeproblem</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Anmelden…</translation>
    </message>
    <message>
        <source>Could not queue the change: %1</source>
        <translation>Die Änderung konnte nicht eingereiht werden: %1</translation>
    </message>
    <message>
        <source>Could not undo: %1</source>
        <translation>Rückgängig machen nicht möglich: %1</translation>
    </message>
    <message>
        <source>Ticket kept in the outbox; send it from there when you are ready.</source>
        <translation>Ticket im Postausgang behalten; senden Sie es von dort, wenn Sie so weit sind.</translation>
    </message>
    <message>
        <source>Ticket queued; it is sent once you sign in again.</source>
        <translation>Ticket eingereiht; es wird gesendet, sobald Sie sich erneut angemeldet haben.</translation>
    </message>
    <message>
        <source>Sending the ticket…</source>
        <translation>Ticket wird gesendet…</translation>
    </message>
    <message>
        <source>Could not open that account: %1</source>
        <translation>Dieses Konto konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>This computer has no saved sign-in for this account.</source>
        <translation>Auf diesem Computer ist keine Anmeldung für dieses Konto gespeichert.</translation>
    </message>
    <message>
        <source>Your GitHub link has expired: link GitHub again on the server&apos;s website, then sign in with a new token.</source>
        <translation>Ihre GitHub-Verknüpfung ist abgelaufen: Verknüpfen Sie GitHub auf der Website des Servers erneut und melden Sie sich dann mit einem neuen Token an.</translation>
    </message>
    <message>
        <source>The server no longer accepts this account&apos;s token.</source>
        <translation>Der Server akzeptiert das Token dieses Kontos nicht mehr.</translation>
    </message>
    <message numerus="yes">
        <source>Sign in again to send %n queued change(s).</source>
        <translation>
            <numerusform>Melden Sie sich erneut an, um %n wartende Änderung zu senden.</numerusform>
            <numerusform>Melden Sie sich erneut an, um %n wartende Änderungen zu senden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sign in again to sync.</source>
        <translation>Melden Sie sich erneut an, um zu synchronisieren.</translation>
    </message>
    <message>
        <source>Link GitHub again…</source>
        <translation>GitHub erneut verknüpfen…</translation>
    </message>
    <message>
        <source>Nothing was lost; the next sync tries again.</source>
        <translation>Nichts ging verloren; die nächste Synchronisierung versucht es erneut.</translation>
    </message>
    <message>
        <source>Ticket #%1 created: %2</source>
        <translation>Ticket #%1 erstellt: %2</translation>
    </message>
    <message>
        <source>A ticket titled “%1” was created less than a minute ago (#%2): the server returned it instead of a new one. Your text is kept in the outbox, held, to edit and send again.</source>
        <translation>Ein Ticket mit dem Titel „%1“ wurde vor weniger als einer Minute erstellt (#%2): Der Server hat es statt eines neuen zurückgegeben. Ihr Text bleibt zurückgehalten im Postausgang, zum Bearbeiten und erneuten Senden.</translation>
    </message>
    <message>
        <source>No matching tickets</source>
        <translation>Keine passenden Tickets</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Filter zurücksetzen</translation>
    </message>
    <message>
        <source>No tickets match “%1”.</source>
        <translation>Keine Tickets passen zu „%1“.</translation>
    </message>
    <message>
        <source>No ticket with that id is visible to you.</source>
        <translation>Kein Ticket mit dieser Kennung ist für Sie sichtbar.</translation>
    </message>
    <message>
        <source>Show &amp;detail pane</source>
        <translation>&amp;Detailbereich anzeigen</translation>
    </message>
    <message>
        <source>Save current &amp;view…</source>
        <translation>Aktuelle &amp;Ansicht speichern…</translation>
    </message>
    <message>
        <source>&amp;Rename saved view…</source>
        <translation>Gespeicherte Ansicht &amp;umbenennen…</translation>
    </message>
    <message>
        <source>Move saved view &amp;up</source>
        <translation>Gespeicherte Ansicht nach &amp;oben</translation>
    </message>
    <message>
        <source>Move saved view do&amp;wn</source>
        <translation>Gespeicherte Ansicht nach un&amp;ten</translation>
    </message>
    <message>
        <source>&amp;Delete saved view…</source>
        <translation>Gespeicherte Ansicht &amp;löschen…</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>Triage</source>
        <translation>Sichten</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Ansichten</translation>
    </message>
    <message>
        <source>Editing</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Sonstiges</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <source>Type: %1</source>
        <translation>Art: %1</translation>
    </message>
    <message>
        <source>Priority: %1</source>
        <translation>Priorität: %1</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>Rolle: %1</translation>
    </message>
    <message>
        <source>Clear the filters and the search (%1)</source>
        <translation>Filter und Suche zurücksetzen (%1)</translation>
    </message>
    <message>
        <source>Filters and search cleared.</source>
        <translation>Filter und Suche zurückgesetzt.</translation>
    </message>
    <message>
        <source>No tickets match these filters (%1).</source>
        <translation>Keine Tickets passen zu diesen Filtern (%1).</translation>
    </message>
    <message>
        <source>The filters narrow the list too (%1).</source>
        <translation>Auch die Filter schränken die Liste ein (%1).</translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (Sie)</translation>
    </message>
    <message>
        <source>Showing the saved view “%1”.</source>
        <translation>Gespeicherte Ansicht „%1“ wird angezeigt.</translation>
    </message>
    <message>
        <source>Could not save the view: %1</source>
        <translation>Die Ansicht konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Saved the view “%1” (%2).</source>
        <translation>Ansicht „%1“ gespeichert (%2).</translation>
    </message>
    <message>
        <source>Saved the view “%1”.</source>
        <translation>Ansicht „%1“ gespeichert.</translation>
    </message>
    <message>
        <source>Could not rename the view: %1</source>
        <translation>Die Ansicht konnte nicht umbenannt werden: %1</translation>
    </message>
    <message>
        <source>Renamed the view to “%1”.</source>
        <translation>Ansicht in „%1“ umbenannt.</translation>
    </message>
    <message>
        <source>Could not move the view: %1</source>
        <translation>Die Ansicht konnte nicht verschoben werden: %1</translation>
    </message>
    <message>
        <source>Delete saved view</source>
        <translation>Gespeicherte Ansicht löschen</translation>
    </message>
    <message>
        <source>Delete the saved view “%1”? The tickets stay as they are.</source>
        <translation>Die gespeicherte Ansicht „%1“ löschen? Die Tickets bleiben, wie sie sind.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Could not delete the view: %1</source>
        <translation>Die Ansicht konnte nicht gelöscht werden: %1</translation>
    </message>
    <message>
        <source>Deleted the saved view “%1”.</source>
        <translation>Gespeicherte Ansicht „%1“ gelöscht.</translation>
    </message>
    <message>
        <source>Saved view</source>
        <translation>Gespeicherte Ansicht</translation>
    </message>
    <message>
        <source>you</source>
        <extracomment>The signed-in user, in &quot;Changed by %1 on %2.&quot;</extracomment>
        <translation>Ihnen</translation>
    </message>
    <message>
        <source>someone unnamed</source>
        <extracomment>In &quot;Changed by %1 on %2.&quot;</extracomment>
        <translation>jemandem ohne Namen</translation>
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
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Resolve conflict</source>
        <translation>Konflikt lösen</translation>
    </message>
    <message>
        <source>Someone changed this ticket on the server after you queued your change. Compare and decide.</source>
        <translation>Jemand hat dieses Ticket auf dem Server geändert, nachdem Sie Ihre Änderung eingereiht haben. Vergleichen Sie und entscheiden Sie.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Your change&lt;/b&gt;</source>
        <translation>&lt;b&gt;Ihre Änderung&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;On the server now&lt;/b&gt;</source>
        <translation>&lt;b&gt;Jetzt auf dem Server&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Your change</source>
        <translation>Ihre Änderung</translation>
    </message>
    <message>
        <source>The server&apos;s version</source>
        <translation>Die Version des Servers</translation>
    </message>
    <message>
        <source>Move to: %1</source>
        <translation>Verschieben nach: %1</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(unbekannt)</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Notiz: %1</translation>
    </message>
    <message>
        <source>Based on version %1</source>
        <translation>Basiert auf Version %1</translation>
    </message>
    <message>
        <source>As you saw it:</source>
        <translation>So wie Sie es gesehen haben:</translation>
    </message>
    <message>
        <source>The server&apos;s version is not known.</source>
        <translation>Die Version des Servers ist nicht bekannt.</translation>
    </message>
    <message>
        <source>&amp;Apply my change to the server&apos;s version</source>
        <translation>Meine Änderung auf die Version des Servers &amp;anwenden</translation>
    </message>
    <message>
        <source>&amp;Discard my change</source>
        <translation>Meine Änderung &amp;verwerfen</translation>
    </message>
    <message>
        <source>Your change is still possible from &quot;%1&quot;.</source>
        <translation>Ihre Änderung ist von „%1“ aus noch möglich.</translation>
    </message>
    <message>
        <source>From &quot;%1&quot; your change is no longer possible.</source>
        <translation>Von „%1“ aus ist Ihre Änderung nicht mehr möglich.</translation>
    </message>
    <message>
        <source>Changed on the server on %1; who changed it and why is not known yet.</source>
        <translation>Auf dem Server geändert am %1; wer es geändert hat und warum, ist noch nicht bekannt.</translation>
    </message>
    <message>
        <source>Changed by %1 on %2.</source>
        <translation>Geändert von %1 am %2.</translation>
    </message>
    <message>
        <source>No note was given.</source>
        <translation>Es wurde keine Notiz angegeben.</translation>
    </message>
    <message>
        <source>Note: &quot;%1&quot;</source>
        <translation>Notiz: „%1“</translation>
    </message>
</context>
<context>
    <name>td::OutboxView</name>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Re&amp;solve…</source>
        <translation>&amp;Lösen…</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Eingereiht</translation>
    </message>
    <message>
        <source>Outbox items</source>
        <translation>Einträge im Postausgang</translation>
    </message>
    <message>
        <source>Edit item</source>
        <translation>Eintrag bearbeiten</translation>
    </message>
    <message>
        <source>Resolve conflict</source>
        <translation>Konflikt lösen</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Wird gesendet</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>No account.</source>
        <translation>Kein Konto.</translation>
    </message>
    <message>
        <source>New ticket</source>
        <translation>Neues Ticket</translation>
    </message>
    <message>
        <source>Transition</source>
        <translation>Statuswechsel</translation>
    </message>
    <message>
        <source>No connection</source>
        <translation>Keine Verbindung</translation>
    </message>
    <message>
        <source>Nothing waits to be sent.</source>
        <translation>Nichts wartet auf das Senden.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) not sent yet.</source>
        <translation>
            <numerusform>%n Eintrag noch nicht gesendet.</numerusform>
            <numerusform>%n Einträge noch nicht gesendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Too late: this item is being sent or was sent.</source>
        <translation>Zu spät: Dieser Eintrag wird gerade gesendet oder wurde gesendet.</translation>
    </message>
    <message>
        <source>Send &amp;now</source>
        <translation>Jetzt &amp;senden</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>Jetzt senden</translation>
    </message>
    <message>
        <source>Discard item</source>
        <translation>Eintrag verwerfen</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Zurückgehalten</translation>
    </message>
    <message>
        <source>The outbox cannot be read from this computer&apos;s disk.</source>
        <translation>Der Postausgang kann von der Festplatte dieses Computers nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Send this ticket now</source>
        <translation>Dieses Ticket jetzt senden</translation>
    </message>
    <message>
        <source>Try sending this item again now</source>
        <translation>Diesen Eintrag jetzt erneut senden</translation>
    </message>
    <message>
        <source>This item can no longer be sent from here.</source>
        <translation>Dieser Eintrag kann von hier nicht mehr gesendet werden.</translation>
    </message>
    <message>
        <source>The outbox on this computer refused the change.</source>
        <translation>Der Postausgang auf diesem Computer hat die Änderung abgelehnt.</translation>
    </message>
    <message>
        <source>Working offline: nothing is sent until you go back online (Ctrl+Shift+W).</source>
        <translation>Offline-Modus: Es wird nichts gesendet, bis Sie wieder online gehen (Strg+Umschalt+W).</translation>
    </message>
</context>
<context>
    <name>td::ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
</context>
<context>
    <name>td::Sidebar</name>
    <message>
        <source>Views and projects</source>
        <translation>Ansichten und Projekte</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Ansichten</translation>
    </message>
    <message>
        <source>Projects</source>
        <translation>Projekte</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Eingang</translation>
    </message>
    <message>
        <source>Triaged</source>
        <translation>Gesichtet</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>All projects</source>
        <translation>Alle Projekte</translation>
    </message>
    <message>
        <source>General inbox</source>
        <translation>Allgemeiner Eingang</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n ticket(s)</source>
        <translation>
            <numerusform>%1, %n Ticket</numerusform>
            <numerusform>%1, %n Tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation>Gespeicherte Ansichten</translation>
    </message>
    <message>
        <source>My tickets</source>
        <translation>Meine Tickets</translation>
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
        <translation>Synchronisierungsfortschritt</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Letzte Synchronisierung</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Postausgang</translation>
    </message>
    <message>
        <source>Show the outbox</source>
        <translation>Postausgang anzeigen</translation>
    </message>
    <message>
        <source>Working offline</source>
        <translation>Offline-Betrieb</translation>
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
        <translation>Synchronisiere…</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Nie synchronisiert</translation>
    </message>
    <message>
        <source>Synced just now</source>
        <translation>Gerade synchronisiert</translation>
    </message>
    <message numerus="yes">
        <source>Synced %n min ago</source>
        <translation>
            <numerusform>Vor %n Min. synchronisiert</numerusform>
            <numerusform>Vor %n Min. synchronisiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Synced %n hour(s) ago</source>
        <translation>
            <numerusform>Vor %n Stunde synchronisiert</numerusform>
            <numerusform>Vor %n Stunden synchronisiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Synced %n day(s) ago</source>
        <translation>
            <numerusform>Vor %n Tag synchronisiert</numerusform>
            <numerusform>Vor %n Tagen synchronisiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Outbox empty</source>
        <translation>Postausgang leer</translation>
    </message>
    <message numerus="yes">
        <source>%n unsent</source>
        <translation>
            <numerusform>%n ungesendet</numerusform>
            <numerusform>%n ungesendet</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>Synchronisierung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
    <message>
        <source>Building sort indexes…</source>
        <translation>Sortierindizes werden erstellt…</translation>
    </message>
    <message>
        <source>The first sync stores the tickets first and builds the indexes for the other sort orders at its end. Until then, sorting by a column other than Updated may take a moment.</source>
        <translation>Die erste Synchronisierung speichert zuerst die Tickets und erstellt an ihrem Ende die Indizes für die anderen Sortierungen. Bis dahin kann das Sortieren nach einer anderen Spalte als „Aktualisiert“ einen Moment dauern.</translation>
    </message>
</context>
<context>
    <name>td::SubmissionDialog</name>
    <message>
        <source>New ticket</source>
        <translation>Neues Ticket</translation>
    </message>
    <message>
        <source>Could not queue the ticket</source>
        <translation>Ticket konnte nicht eingereiht werden</translation>
    </message>
    <message>
        <source>Edit ticket before sending</source>
        <translation>Ticket vor dem Senden bearbeiten</translation>
    </message>
    <message>
        <source>The ticket could not be saved to the outbox on this computer: %1 Your text is kept; try again.</source>
        <translation>Das Ticket konnte nicht im Postausgang dieses Computers gespeichert werden: %1 Ihr Text bleibt erhalten; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>You are signed out: the ticket waits in the outbox and is sent once you sign in again.</source>
        <translation>Sie sind abgemeldet: Das Ticket wartet im Postausgang und wird gesendet, sobald Sie sich wieder anmelden.</translation>
    </message>
    <message>
        <source>Working offline: the ticket waits in the outbox and is sent when you go back online (Ctrl+Shift+W).</source>
        <translation>Offline-Modus: Das Ticket wartet im Postausgang und wird gesendet, wenn Sie wieder online gehen (Strg+Umschalt+W).</translation>
    </message>
    <message>
        <source>The server cannot be reached: the ticket waits in the outbox and is sent as soon as it is reachable.</source>
        <translation>Der Server ist nicht erreichbar: Das Ticket wartet im Postausgang und wird gesendet, sobald er erreichbar ist.</translation>
    </message>
</context>
<context>
    <name>td::SubmissionForm</name>
    <message>
        <source>The project this ticket is for</source>
        <translation>Das Projekt, für das dieses Ticket ist</translation>
    </message>
    <message>
        <source>&amp;Project:</source>
        <translation>&amp;Projekt:</translation>
    </message>
    <message>
        <source>A short summary people will recognise in a list</source>
        <translation>Eine kurze Zusammenfassung, die man in einer Liste wiedererkennt</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>What happened, what you expected, how to reproduce it</source>
        <translation>Was passiert ist, was Sie erwartet haben, wie man es nachstellt</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>Choose a type…</source>
        <translation>Art wählen…</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>Who should work on it (the project&apos;s roles)</source>
        <translation>Wer daran arbeiten soll (die Rollen des Projekts)</translation>
    </message>
    <message>
        <source>&amp;Roles:</source>
        <translation>&amp;Rollen:</translation>
    </message>
    <message>
        <source>Pri&amp;ority:</source>
        <translation>Pri&amp;orität:</translation>
    </message>
    <message>
        <source>This blocks our work</source>
        <translation>Das blockiert unsere Arbeit</translation>
    </message>
    <message>
        <source>&amp;Blocking:</source>
        <translation>B&amp;lockierend:</translation>
    </message>
    <message>
        <source>Links, one per line (screenshots, logs, pages)</source>
        <translation>Links, einer pro Zeile (Bildschirmfotos, Protokolle, Seiten)</translation>
    </message>
    <message>
        <source>More evidence as a JSON object, e.g. {&quot;steps&quot;: [&quot;…&quot;]}</source>
        <translation>Weitere Belege als JSON-Objekt, z. B. {&quot;steps&quot;: [&quot;…&quot;]}</translation>
    </message>
    <message>
        <source>&amp;Evidence:</source>
        <translation>B&amp;elege:</translation>
    </message>
    <message>
        <source>Optional: how you think it could be fixed</source>
        <translation>Optional: wie es sich Ihrer Meinung nach beheben ließe</translation>
    </message>
    <message>
        <source>&amp;Suggested resolution:</source>
        <translation>&amp;Lösungsvorschlag:</translation>
    </message>
    <message>
        <source>Optional: guidance for whoever picks it up</source>
        <translation>Optional: Hinweise für die Person, die es übernimmt</translation>
    </message>
    <message>
        <source>&amp;Implementation notes:</source>
        <translation>&amp;Hinweise zur Umsetzung:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Re&amp;view and submit…</source>
        <translation>&amp;Prüfen und absenden…</translation>
    </message>
    <message>
        <source>Not valid JSON: %1</source>
        <translation>Kein gültiges JSON: %1</translation>
    </message>
    <message>
        <source>Must be a JSON object: {…}</source>
        <translation>Muss ein JSON-Objekt sein: {…}</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Blocking</source>
        <translation>Blockierend</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Belege</translation>
    </message>
    <message>
        <source>Suggested resolution</source>
        <translation>Lösungsvorschlag</translation>
    </message>
    <message>
        <source>Implementation notes</source>
        <translation>Hinweise zur Umsetzung</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Pflichtfeld</translation>
    </message>
    <message>
        <source>Has the wrong type</source>
        <translation>Hat den falschen Typ</translation>
    </message>
    <message numerus="yes">
        <source>Choose at least %n role(s)</source>
        <translation>
            <numerusform>Wählen Sie mindestens %n Rolle</numerusform>
            <numerusform>Wählen Sie mindestens %n Rollen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At least %n character(s)</source>
        <translation>
            <numerusform>Mindestens %n Zeichen</numerusform>
            <numerusform>Mindestens %n Zeichen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At most %n role(s)</source>
        <translation>
            <numerusform>Höchstens %n Rolle</numerusform>
            <numerusform>Höchstens %n Rollen</numerusform>
        </translation>
    </message>
    <message>
        <source>Too large: at most %1 KiB as JSON</source>
        <translation>Zu groß: höchstens %1 KiB als JSON</translation>
    </message>
    <message numerus="yes">
        <source>At most %n character(s)</source>
        <translation>
            <numerusform>Höchstens %n Zeichen</numerusform>
            <numerusform>Höchstens %n Zeichen</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose one of the listed values</source>
        <translation>Wählen Sie einen der aufgeführten Werte</translation>
    </message>
    <message>
        <source>Unknown fields: %1</source>
        <translation>Unbekannte Felder: %1</translation>
    </message>
    <message>
        <source>“%1” is chosen twice</source>
        <translation>„%1“ ist doppelt gewählt</translation>
    </message>
    <message>
        <source>“%1” is not a role of this project</source>
        <translation>„%1“ ist keine Rolle dieses Projekts</translation>
    </message>
    <message>
        <source>Choose at least one role</source>
        <translation>Wählen Sie mindestens eine Rolle</translation>
    </message>
    <message>
        <source>Not accepted: %1</source>
        <translation>Nicht akzeptiert: %1</translation>
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
        <translation>Genau prüfen, was gesendet wird, dann absenden</translation>
    </message>
    <message>
        <source>Ready to submit.</source>
        <translation>Bereit zum Absenden.</translation>
    </message>
    <message>
        <source>Choose a project first.</source>
        <translation>Wählen Sie zuerst ein Projekt.</translation>
    </message>
    <message>
        <source>Cannot submit yet: %1: %2</source>
        <extracomment>Status line under the form: &quot;&lt;field&gt;: &lt;what is wrong&gt;&quot;</extracomment>
        <translation>Noch nicht absendbar: %1: %2</translation>
    </message>
    <message>
        <source>Cannot submit yet: %1</source>
        <translation>Noch nicht absendbar: %1</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <extracomment>Characters used / allowed under a text field</extracomment>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Evidence links</source>
        <translation>Belege: Links</translation>
    </message>
    <message>
        <source>Evidence as JSON</source>
        <translation>Belege als JSON</translation>
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
        <translation>Der hellen oder dunklen Einstellung des Desktops folgen</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>Dark text on light colours</source>
        <translation>Dunkle Schrift auf hellen Farben</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>Light text on dark colours</source>
        <translation>Helle Schrift auf dunklen Farben</translation>
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
        <translation>Aktuell</translation>
    </message>
    <message>
        <source>Unsent</source>
        <translation>Ungesendet</translation>
    </message>
    <message>
        <source>A change waits in the outbox</source>
        <translation>Eine Änderung wartet im Postausgang</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>The server changed this ticket meanwhile; resolve it in the outbox</source>
        <translation>Der Server hat dieses Ticket inzwischen geändert; lösen Sie das im Postausgang</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>The server refused a change; see the outbox</source>
        <translation>Der Server hat eine Änderung abgelehnt; siehe Postausgang</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>Requester</source>
        <translation>Anfragende Person</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Unsent or conflicting changes</source>
        <translation>Ungesendete oder widersprüchliche Änderungen</translation>
    </message>
    <message>
        <source>new</source>
        <translation>neu</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Ausgehend</translation>
    </message>
    <message>
        <source>This new ticket is not sent yet; see the outbox</source>
        <translation>Dieses neue Ticket ist noch nicht gesendet; siehe Postausgang</translation>
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
            <numerusform>Ticket schließen</numerusform>
            <numerusform>Tickets schließen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Closing before work started needs a reason (duplicate, spam, won&apos;t fix…). Why are you closing %n ticket(s)?</source>
        <translation>
            <numerusform>Wer vor Beginn der Arbeit schließt, braucht einen Grund (Duplikat, Spam, wird nicht behoben …). Warum schließen Sie %n Ticket?</numerusform>
            <numerusform>Wer vor Beginn der Arbeit schließt, braucht einen Grund (Duplikat, Spam, wird nicht behoben …). Warum schließen Sie %n Tickets?</numerusform>
        </translation>
    </message>
    <message>
        <source>Reason for closing</source>
        <translation>Grund für das Schließen</translation>
    </message>
    <message>
        <source>%1 / %2 characters — too long</source>
        <translation>%1 / %2 Zeichen — zu lang</translation>
    </message>
    <message>
        <source>%1 / %2 characters</source>
        <translation>%1 / %2 Zeichen</translation>
    </message>
    <message>
        <source>Common reasons:</source>
        <translation>Häufige Gründe:</translation>
    </message>
    <message>
        <source>Duplicate of #…</source>
        <translation>Duplikat von #…</translation>
    </message>
    <message>
        <source>Spam</source>
        <translation>Spam</translation>
    </message>
    <message>
        <source>Won&apos;t fix</source>
        <translation>Wird nicht behoben</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Strg+Eingabe</translation>
    </message>
    <message>
        <source>Duplicate of #</source>
        <translation>Duplikat von #</translation>
    </message>
    <message>
        <source>Won&apos;t fix: </source>
        <translation>Wird nicht behoben: </translation>
    </message>
</context>
<context>
    <name>td::ViewNameDialog</name>
    <message>
        <source>Save current view</source>
        <translation>Aktuelle Ansicht speichern</translation>
    </message>
    <message>
        <source>Rename view</source>
        <translation>Ansicht umbenennen</translation>
    </message>
    <message>
        <source>View name</source>
        <translation>Name der Ansicht</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>It keeps the view, project, filters, search and sort shown now.</source>
        <translation>Sie behält Ansicht, Projekt, Filter, Suche und Sortierung, wie sie jetzt zu sehen sind.</translation>
    </message>
    <message>
        <source>A saved view named “%1” exists: saving replaces what it shows.</source>
        <translation>Es gibt bereits eine gespeicherte Ansicht „%1“: Speichern ersetzt, was sie zeigt.</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Ersetzen</translation>
    </message>
    <message>
        <source>Another saved view is named “%1”.</source>
        <translation>Eine andere gespeicherte Ansicht heißt bereits „%1“.</translation>
    </message>
</context>
</TS>
