#!/usr/bin/env bash
# The learning curve of issue #16: each evaluation package's dev split after the first K confirmed user questions per
# FAQ (feedback_queries.json) went through the product's suggestion and approval path, for K = 0, 2, 5, 10.
# Usage: scripts/learning-curve.sh [OUT_DIR]   (a Release build of tools/ChatBot.Eval first; about 15 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-TestResults/learning-curve}"
mkdir -p "$out"
printf '| package | K | in-scope accuracy | OOS recall | false fallback | wrong answer |\n| --- | --- | --- | --- | --- | --- |\n' > "$out/curve.md"
for package in clinc150 banking77 banking77-oos; do
  for k in 0 2 5 10; do
    dotnet run --no-build -c Release --project tools/ChatBot.Eval -- --dataset "eval/$package" --split dev \
      --predictions "$out/$package-k$k.json" --metrics "$out/$package-k$k-metrics.json" \
      --feedback "eval/$package/feedback_queries.json" --feedback-per-faq "$k" > "$out/$package-k$k.log" 2>&1
    python3 - "$out/$package-k$k-metrics.json" "$package" "$k" >> "$out/curve.md" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
f = lambda v: "-" if v is None else f"{v:.3f}"
print(f"| {sys.argv[2]} | {sys.argv[3]} | {f(m['in_scope_accuracy'])} | {f(m['oos_recall'])} | {f(m['in_scope_false_fallback_rate'])} | {f(m['in_scope_wrong_answer_rate'])} |")
PY
  done
done
cat "$out/curve.md"
