#!/usr/bin/env bash
# Fails when code below ui/ includes a widget or GUI header, or when anything includes a Qt
# header through its module folder (<QtWidgets/QWidget>), which would slip past the include
# paths that keep each layer honest.
set -u
root=${1:?usage: check_includes.sh SOURCE_DIR}
cd "$root" || exit 2
status=0
gui='#include[[:space:]]*<(QtWidgets/|QtGui/|QWidget|QDialog|QMainWindow|QApplication|QGuiApplication|QIcon|QColor|QPixmap|QImage|QFont|QPainter|QMessageBox|QAction|QKeySequence)'
if hits=$(grep -rnE "$gui" app server --include='*.h' --include='*.cpp' | grep -v '^app/main.cpp:'); then
    echo "GUI headers below ui/ (only ui/ and app/main.cpp may use them):"
    echo "$hits"
    status=1
fi
# The session is Qt Core only: it reaches SQL and the network through the layers below it.
if hits=$(grep -rnE '#include[[:space:]]*<(QSql|QNetwork|QTcp|QSsl|QHttp)' app/session --include='*.h' --include='*.cpp'); then
    echo "app/session includes a Sql or Network header (it is Qt Core only):"
    echo "$hits"
    status=1
fi
# Widgets never know the server (the demo reaches the window through main.cpp and the
# session), and talk to the network only through the session's use cases.
if hits=$(grep -rnE '#include[[:space:]]*"(server/|sync/)' ui --include='*.h' --include='*.cpp'); then
    echo "ui/ includes the server or the sync engine (use app/session):"
    echo "$hits"
    status=1
fi
if hits=$(grep -rnE '#include[[:space:]]*<Qt[A-Z][A-Za-z]*/' app server ui tests bench --include='*.h' --include='*.cpp'); then
    echo "Include Qt headers by class name (<QWidget>), not through the module folder:"
    echo "$hits"
    status=1
fi
[ $status -eq 0 ] && echo "layering includes: ok"
exit $status
