# benchmarks/e2e/run's aggregation: from the runs (one object per measurement, slurped) to
# medians per workload and peer, and ratios of expect100 to each other peer paired per round.
def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
                   else (.[length / 2 - 1] + .[length / 2]) / 2 end;
# A workload is a letter and the peers' thread count: a1, a2, ...
def metric($id):
  ($id[0:1]) as $w |
  if $w == "a" or $w == "f" or $w == "g" then {name: "requests/s", better: "higher", get: .rps}
  elif $w == "b" then {name: "p99 ms, head to 100", better: "lower", get: .continue_ms.p99}
  elif $w == "c" then {name: "MB/s", better: "higher", get: .mb_per_s}
  elif $w == "d" then {name: "p50 ms to final", better: "lower", get: .final_ms.p50}
  else {name: "bytes uploaded before the 413 (p50)", better: "lower",
        get: .uploaded_before_final_bytes.p50} end;

# b is read from a's runs.
(. + (map(select(.workload | startswith("a")) | .workload = ("b" + .workload[1:])))) as $runs
| {
  machine: $machine,
  command: $command,
  workloads: (
    [$runs[].workload] | unique
    | map(. as $w
      | ($runs | map(select(.workload == $w))) as $mine
      | select($mine | length > 0)
      | {key: $w, value: {
          metric: ({} | metric($w) | {name, better}),
          peers: ($mine | group_by(.peer) | map({key: .[0].peer, value: {
              rounds: length,
              value: (map(metric($w).get) | median),
              rps: (map(.rps) | median),
              mb_per_s: (map(.mb_per_s) | median),
              final_p50_ms: (map(.final_ms.p50) | median),
              final_p99_ms: (map(.final_ms.p99) | median),
              continue_p99_ms: (map(.continue_ms.p99) | median),
              uploaded_before_final_p50: (map(.uploaded_before_final_bytes.p50) | median),
              errors: (map(.errors) | add),
              statuses: (map(.statuses) | add),
              cores_busy: {
                proxy: (map(.cores_busy.proxy // empty) | median),
                origin: (map(.cores_busy.origin // empty) | median),
                loadgen: (map(.cores_busy.loadgen // empty) | median)},
              cpu_us_per_request: {
                proxy: (map(.cpu_us_per_request.proxy // empty) | median),
                origin: (map(.cpu_us_per_request.origin // empty) | median),
                loadgen: (map(.cpu_us_per_request.loadgen // empty) | median)}}}) | from_entries),
          ratios: ([$mine[].peer] | unique | map(select(. != "expect100")) | map(. as $other
              | ($mine | map(select(.peer == "expect100")) | map({(.round | tostring): metric($w).get}) | add // {}) as $ours
              | ($mine | map(select(.peer == $other)) | map({(.round | tostring): metric($w).get}) | add // {}) as $theirs
              | [$ours | keys[] | select($theirs[.] != null and $theirs[.] != 0) | $ours[.] / $theirs[.]] as $r
              | {key: ("expect100/" + $other), value: {median: ($r | median), min: ($r | min), max: ($r | max), per_round: $r}})
            | from_entries),
          # The proxies' own CPU per request, each other peer's over expect100's, paired per
          # round: on 2 shared cores this is what the throughput ratios compare, undiluted by
          # the load generator's and the origin's share (above 1: expect100 spends less).
          cpu_ratios: ([$mine[].peer] | unique | map(select(. != "expect100")) | map(. as $other
              | ($mine | map(select(.peer == "expect100" and .cpu_us_per_request != null)) | map({(.round | tostring): .cpu_us_per_request.proxy}) | add // {}) as $ours
              | ($mine | map(select(.peer == $other and .cpu_us_per_request != null)) | map({(.round | tostring): .cpu_us_per_request.proxy}) | add // {}) as $theirs
              | [$ours | keys[] | select($theirs[.] != null and $ours[.] != 0) | $theirs[.] / $ours[.]] as $r
              | select($r | length > 0)
              | {key: ($other + "/expect100"), value: {median: ($r | median), min: ($r | min), max: ($r | max), per_round: $r}})
            | from_entries)
        }})
    | from_entries)
}
