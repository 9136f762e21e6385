#!/usr/bin/env bash
# Makes fuzz/seeds/ (not committed) from rules/*.toml,
# crates/cli/tests/fixtures/answers/ and, for batch_lines,
# crates/cli/examples/gen_jsonl.rs and a file of good and bad lines.
# Each seed starts with the byte its target reads as a selector (see README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
rules=(rules/*.toml)
rm -rf fuzz/seeds && mkdir -p fuzz/seeds/rules_loader fuzz/seeds/answers_parser fuzz/seeds/batch_lines
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
for file in crates/cli/tests/fixtures/answers/*; do
    case "$file" in
        *.json) printf '\x01' ;;
        *) printf '\x00' ;;
    esac > "fuzz/seeds/answers_parser/$(basename "$file")"
    cat "$file" >> "fuzz/seeds/answers_parser/$(basename "$file")"
done
# batch_lines reads JSON Lines as they are: no selector byte.
cargo run --quiet --release --example gen_jsonl 40 > fuzz/seeds/batch_lines/generated.jsonl
cat > fuzz/seeds/batch_lines/mixed.jsonl <<'LINES'
{"id": "a1", "destination": "RU", "job_type": "driver", "upfront_payment": "yes", "payment_purposes": ["visa", "deposit"]}

{"id": 7, "destination": "Kenya", "upfront_payment": "maybe"}
not json at all
{"destination": "QQ", "advert_text": "Free visa! Pay KES 50,000 deposit on WhatsApp +254 700 000000"}
{"id": {"nested": true}}
[1, 2, 3]
{"upfront_payment": "unknown", "contact_email": "jobs@gmail.com", "website": "http://bit.ly/x"}
LINES
