#!/usr/bin/env bash
# Writes a syntactically rich contract of about N lines (default 1000) to
# stdout: datasets, populations, measures of every aggregate, targets,
# outcomes, a payment block and tests. Deterministic: same N, same text.
#
#   bash bench/gen_contract.sh [N] [--grouped]
#
# --grouped: the shape of issue 15's start-up goal instead: per 1,000 lines,
# 300 measures grouped `by provider` and 75 targets on them (in 15 outcomes
# of 5), a payment block and a test.
set -euo pipefail
n=1000 shape=rich
for arg in "$@"; do
  case $arg in
    --grouped) shape=grouped ;;
    *) n=$arg ;;
  esac
done
groups=$(( (n - 40) / 20 ))
(( groups < 1 )) && groups=1
if [[ $shape == grouped ]]; then
  # 13 lines a group of 4 measures and a target; 7 an outcome of 5 targets.
  groups=$(( (n * 75 + 500) / 1000 ))
  (( groups < 5 )) && groups=5
  groups=$(( groups / 5 * 5 ))
fi
cat <<HEAD
contract "Benchmark contract" {
  commissioner "NHS Benchmark ICB"
  provider "Provider A"
  provider "Provider B"
  term 2020-04-01 to 2025-03-31
  periods quarterly
  currency GBP
}

data episodes "Hospital episodes" dated by admitted_on {
  episode_id    : id key
  patient_id    : id
  age           : int
  admitted_on   : date
  discharged_on : date?
  emergency     : bool
  readmitted    : bool
  cost          : money
  provider      : text
  setting       : one of (acute, community, "mental health")
  check discharged_on >= admitted_on "discharge before admission"
}

input registered_65 : int "Registered population aged 65+"
let budget = £120m
HEAD
pct() { printf '%d.%02d%%' $(( $1 / 100 )) $(( $1 % 100 )); }
if [[ $shape == grouped ]]; then
  for ((g = 1; g <= groups; g++)); do
    cat <<BLOCK
// ---- group $g
population older_$g = episodes where age >= $((60 + g % 20)) and setting in (acute, community)
measure admissions_$g "Emergency admissions, group $g" by provider =
  count older_$g where emergency
measure readmissions_$g "Readmissions, group $g" by provider =
  count older_$g where readmitted
measure cost_$g "Emergency cost, group $g" by provider =
  sum cost of older_$g where emergency
measure patients_$g "Patients, group $g" by provider =
  count distinct patient_id of older_$g
target readmissions_$g at most $((100 + g))
BLOCK
  done
  outcomes=$(( groups / 5 ))
  w=$(( 10000 / outcomes ))
  first=$(( 10000 - (outcomes - 1) * w ))
  for ((o = 0; o < outcomes; o++)); do
    echo "outcome flow_$((o + 1)) weight $(pct $(( o == 0 ? first : w ))) {"
    for ((k = 1; k <= 5; k++)); do echo "  readmissions_$((o * 5 + k)) weight 20%"; done
    echo "}"
  done
  cat <<TAIL
payment quarterly {
  let base = budget / 4
  pay "Block payment" = 90% * base
  pay "Outcome payment" = 10% * base * achievement
}

test "one older emergency" {
  given episodes {
    | episode_id | patient_id | age | admitted_on | discharged_on | emergency | readmitted | cost | provider   | setting |
    | e1         | p1         | 80  | 2020-05-01  | 2020-05-04    | yes       | no         | 1200 | Provider A | acute   |
  }
  set registered_65 = 1000
  expect admissions_1 = 1 in "2020/21 Q1"
}
TAIL
  exit 0
fi
# Outcome weights in hundredths of a percent, summing to exactly 100%.
w=$(( 10000 / groups ))
first=$(( 10000 - (groups - 1) * w ))
for ((g = 1; g <= groups; g++)); do
  weight=$(pct $(( g == 1 ? first : w )))
  cat <<BLOCK
// ---- group $g
population older_$g = episodes where age >= $((60 + g % 20)) and setting in (acute, community)
measure admissions_$g "Emergency admissions, group $g" by provider =
  count older_$g where emergency
measure per_1000_$g = (count older_$g where emergency) * 1000 / registered_65
measure readmit_$g = percent of older_$g where readmitted
measure los_mean_$g = mean days(discharged_on - admitted_on) of older_$g where discharged_on is present
measure los_median_$g = median days(discharged_on - admitted_on) of older_$g where discharged_on is present
measure los_p90_$g = 90th percentile days(discharged_on - admitted_on) of older_$g where discharged_on is present
measure patients_$g = count distinct patient_id of older_$g
measure cost_$g = sum cost of older_$g where emergency
measure cost_cap_$g = min(cost_$g, budget * 10%)
target readmit_$g from 15% to 10%
target per_1000_$g at most $((200 + g))
outcome flow_$g weight $weight {
  readmit_$g weight 50%
  per_1000_$g weight 50%
}
function uplift_$g(x: money, r: percent) : money = x * (100% + r)
let fee_$g = uplift_$g(£10k, 2.5%)

BLOCK
done
cat <<TAIL
payment quarterly {
  let base = budget / 4
  pay "Block payment" = 90% * base
  pay "Outcome payment" = 10% * base * achievement
  pay "Risk share" = tiered(base - cost_1) { first £100k at 100%, next £1m at 50%, rest at 0% }
}

test "one older emergency" {
  given episodes {
    | episode_id | patient_id | age | admitted_on | discharged_on | emergency | readmitted | cost | provider   | setting |
    | e1         | p1         | 80  | 2020-05-01  | 2020-05-04    | yes       | no         | 1200 | Provider A | acute   |
  }
  set registered_65 = 1000
  expect admissions_1 = 1 in "2020/21 Q1"
}
TAIL
