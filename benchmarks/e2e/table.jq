# results.json → the Markdown table of benchmarks/e2e/results.md.
def r2: if . == null then "—" else (. * 100 | round / 100 | tostring) end;
def r0: if . == null then "—" else (. | round | tostring) end;
"Command: `\(.command)` — machine: \(.machine)\n",
"| workload | metric | expect100 | haproxy | nginx | relay | expect100/haproxy | expect100/nginx | expect100/relay |",
"|---|---|---:|---:|---:|---:|---:|---:|---:|",
(.workloads | to_entries[] | .key as $w | .value as $v
 | "| \($w) | \($v.metric.name) (\($v.metric.better) is better) | "
   + ([("expect100", "haproxy", "nginx", "relay") | ($v.peers[.].value | if $w == "e" or $w == "d" or $w == "b" then r2 else r0 end)] | join(" | "))
   + " | "
   + ([("haproxy", "nginx", "relay") | ($v.ratios["expect100/" + .] | if . == null or .median == null then "—" else "\(.median | r2) (\(.min | r2)–\(.max | r2))" end)] | join(" | "))
   + " |"),
"",
"CPU per request (µs, median of rounds): proxy / origin / load generator",
"",
"| workload | expect100 | haproxy | nginx | relay |",
"|---|---|---|---|---|",
(.workloads | to_entries[] | select(.key != "b") | .key as $w | .value as $v
 | "| \($w) | " + ([("expect100", "haproxy", "nginx", "relay") | ($v.peers[.].cpu_us_per_request // null | if . == null then "—" else "\(.proxy | r2) / \(.origin | r2) / \(.loadgen | r2)" end)] | join(" | ")) + " |")
,
"",
"Proxy CPU per request, each peer's over expect100's, paired per round (above 1: expect100 spends less)",
"",
"| workload | haproxy/expect100 | nginx/expect100 | relay/expect100 |",
"|---|---:|---:|---:|",
(.workloads | to_entries[] | select(.key == "a" or .key == "c" or .key == "f") | .key as $w | .value as $v
 | "| \($w) | " + ([("haproxy", "nginx", "relay") | ($v.cpu_ratios[. + "/expect100"] | if . == null or .median == null then "—" else "\(.median | r2) (\(.min | r2)–\(.max | r2))" end)] | join(" | ")) + " |")