#!/usr/bin/env bash
# Fails when a widget names a colour. Colours come from the palette or from ui/theme.cpp,
# where each is chosen per theme and its contrast is tested (tests/ui/tst_theme).
set -u
root=${1:?usage: check_colours.sh SOURCE_DIR}
cd "$root" || exit 2
named='#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})\b|QColor[[:space:]]*\(|QColor::fromRgb|rgba?\(|Qt::(red|green|blue|yellow|black|white|gray|cyan|magenta|dark[A-Z][a-z]+|light[A-Z][a-z]+)\b|color:[[:space:]]*[a-z]+[;"]'
if hits=$(grep -rnE "$named" ui app/models --include='*.h' --include='*.cpp' | grep -v '^ui/theme\.cpp:'); then
    echo "Hard-coded colours (use the palette, or a Tone from ui/theme.h):"
    echo "$hits"
    exit 1
fi
exit 0
