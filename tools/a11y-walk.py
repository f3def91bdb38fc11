#!/usr/bin/python3
"""Walks TriageDesk's accessibility tree as a screen reader meets it (AT-SPI).

Run inside `dbus-run-session` with the at-spi bus launched and the app started with
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 (tools/a11y-walk.sh does all of that). Prints every
focusable or actionable control without a name, and a summary; exits 1 if any is unnamed.
"""
import sys
import time

import pyatspi

INTERACTIVE = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_LIST,
    pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_CHECK_MENU_ITEM, pyatspi.ROLE_RADIO_MENU_ITEM,
    pyatspi.ROLE_MENU, pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_SLIDER,
}


def find_app(name, wait_s):
    deadline = time.time() + wait_s
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.name == name:
                return app
        time.sleep(0.5)
    return None


def walk(node, depth, out):
    try:
        role = node.getRole()
        name = node.name
    except Exception:
        return
    out.append((depth, role, name, node.getRoleName()))
    if depth > 40:
        return
    for i in range(node.childCount):
        try:
            walk(node.getChildAtIndex(i), depth + 1, out)
        except Exception:
            pass


def main():
    app = find_app(sys.argv[1] if len(sys.argv) > 1 else "triagedesk", 60)
    if app is None:
        print("a11y-walk: the app never appeared on the accessibility bus")
        return 2
    time.sleep(3)
    nodes = []
    walk(app, 0, nodes)
    unnamed = [n for n in nodes if n[1] in INTERACTIVE and not (n[2] or "").strip()]
    interactive = [n for n in nodes if n[1] in INTERACTIVE]
    for depth, _, name, rolename in nodes:
        if rolename in ("push button", "toggle button", "combo box", "text", "tree table",
                        "table", "tree", "list", "check box", "menu"):
            print("%s%s: %r" % ("  " * min(depth, 12), rolename, name))
    print("a11y-walk: %d nodes, %d controls, %d without a name" % (
        len(nodes), len(interactive), len(unnamed)))
    for _, _, _, rolename in unnamed:
        print("  unnamed:", rolename)
    return 1 if unnamed else 0


if __name__ == "__main__":
    sys.exit(main())
