#!/usr/bin/env bash
# Rebuilds fuzz/seeds/ from rules/*.toml and tests/fixtures/answers/.
# Each seed starts with the byte its target reads as a selector (see README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
rules=(rules/*.toml)
rm -rf fuzz/seeds && mkdir -p fuzz/seeds/rules_loader fuzz/seeds/answers_parser
for i in "${!rules[@]}"; do
    out="fuzz/seeds/rules_loader/$(basename "${rules[$i]}" .toml)"
    printf "\\x$(printf %02x "$i")" > "$out"
    cat "${rules[$i]}" >> "$out"
done
# The whole set: selector = number of files, files separated by NUL bytes.
whole=fuzz/seeds/rules_loader/whole-set
printf "\\x$(printf %02x "${#rules[@]}")" > "$whole"
for i in "${!rules[@]}"; do
    [ "$i" -gt 0 ] && printf '\0' >> "$whole"
    cat "${rules[$i]}" >> "$whole"
done
for file in tests/fixtures/answers/*; do
    case "$file" in
        *.json) printf '\x01' ;;
        *) printf '\x00' ;;
    esac > "fuzz/seeds/answers_parser/$(basename "$file")"
    cat "$file" >> "fuzz/seeds/answers_parser/$(basename "$file")"
done
