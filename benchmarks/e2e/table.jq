# results.json → the Markdown tables of benchmarks/e2e/results.md. A workload id is its letter
# and the peers' thread count (a1: workload a, every peer at 1 thread).
def r2: if . == null then "—" else (. * 100 | round / 100 | tostring) end;
def r0: if . == null then "—" else (. | round | tostring) end;
def letter: .[0:1];
def threads: .[1:] | tonumber;
def peers: ("expect100", "haproxy", "nginx", "relay");
# Which process bounds a run: the one nearest its capacity (a proxy or the origin: T cores;
# the load generator and the relay: 1), or the machine when the three together keep both cores
# busy.
def bound($t; $peer):
  if . == null then "—"
  else ((.proxy + .origin + .loadgen)) as $all
  | [{n: "proxy", f: (.proxy / (if $peer == "relay" then 1 else $t end))},
     {n: "origin", f: (.origin / $t)},
     {n: "load generator", f: .loadgen}] | max_by(.f) as $top
  | if $all >= 1.85 then "machine: \($all | r2) of 2 cores busy (\($top.n) \($top.f * 100 | round) %)"
    else "\($top.n) \($top.f * 100 | round) % of \(if $top.n == "load generator" or ($top.n == "proxy" and $peer == "relay") then 1 else $t end) (machine \($all | r2) of 2)" end
  end;

"Command: `\(.command)` — machine: \(.machine)\n",
"| workload | threads | metric | expect100 | haproxy | nginx | relay | expect100/haproxy | expect100/nginx | expect100/relay |",
"|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
(.workloads | to_entries[] | .key as $w | .value as $v
 | "| \($w | letter) | \($w | threads) | \($v.metric.name) (\($v.metric.better) is better) | "
   + ([peers | ($v.peers[.].value | if ($w | letter) == "e" or ($w | letter) == "d" or ($w | letter) == "b" then r2 else r0 end)] | join(" | "))
   + " | "
   + ([("haproxy", "nginx", "relay") | ($v.ratios["expect100/" + .] | if . == null or .median == null then "—" else "\(.median | r2) (\(.min | r2)–\(.max | r2))" end)] | join(" | "))
   + " |"),
"",
"CPU per request (µs, median of rounds): proxy / origin / load generator",
"",
"| workload | threads | expect100 | haproxy | nginx | relay |",
"|---|---:|---|---|---|---|",
(.workloads | to_entries[] | select(.key | letter != "b") | .key as $w | .value as $v
 | "| \($w | letter) | \($w | threads) | " + ([peers | ($v.peers[.].cpu_us_per_request // null | if . == null then "—" else "\(.proxy | r2) / \(.origin | r2) / \(.loadgen | r2)" end)] | join(" | ")) + " |"),
"",
"Proxy CPU per request, each peer's over expect100's, paired per round (above 1: expect100 spends less)",
"",
"| workload | threads | haproxy/expect100 | nginx/expect100 | relay/expect100 |",
"|---|---:|---:|---:|---:|",
(.workloads | to_entries[] | select(.key | letter | IN("a", "c", "f", "g")) | .key as $w | .value as $v
 | "| \($w | letter) | \($w | threads) | " + ([("haproxy", "nginx", "relay") | ($v.cpu_ratios[. + "/expect100"] | if . == null or .median == null then "—" else "\(.median | r2) (\(.min | r2)–\(.max | r2))" end)] | join(" | ")) + " |"),
"",
"What bounds each run (cores busy, median of rounds: the process nearest its capacity, or the machine)",
"",
"| workload | threads | expect100 | haproxy | nginx | relay |",
"|---|---:|---|---|---|---|",
(.workloads | to_entries[] | select(.key | letter | IN("a", "c", "f", "g")) | .key as $w | .value as $v
 | "| \($w | letter) | \($w | threads) | " + ([peers | . as $p | ($v.peers[$p].cores_busy // null | bound($w | threads; $p))] | join(" | ")) + " |")
