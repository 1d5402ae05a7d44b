"""The calendar `aftercare plan --format ics` writes, read by an independent
parser (Debian's python3-icalendar) and checked against RFC 5545's rules it
does not enforce itself: CRLF line ends, lines of at most 75 octets, one
VEVENT per day a product comes back (the days of the plan's JSON "changes"),
each an all-day event with a SUMMARY, a UID, a DTSTAMP and a display alarm.
  plan_ics_test.py ICS_FILE PLAN_JSON_FILE"""
import datetime
import json
import sys

import icalendar

raw = open(sys.argv[1], "rb").read()
plan = json.load(open(sys.argv[2], encoding="utf-8"))
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


check(raw.endswith(b"\r\n"), "the file ends with CRLF")
lines = raw.split(b"\r\n")[:-1]
check(all(b"\n" not in line and b"\r" not in line for line in lines), "every line ends with CRLF, never a bare LF")
check(all(len(line) <= 75 for line in lines), f"no line over 75 octets (longest {max(map(len, lines))})")
cal = icalendar.Calendar.from_ical(raw)
check(cal.get("VERSION") == "2.0" and cal.get("PRODID"), "VERSION 2.0 and a PRODID")
events = [c for c in cal.walk() if c.name == "VEVENT"]
change_days = sorted({c["day"] for c in plan["changes"]})
check(len(events) == len(change_days), f"{len(events)} events for {len(change_days)} days with a change")
treated = datetime.date.fromisoformat(plan["treated"])
uids = set()
for e, day in zip(events, change_days):
    start = e.decoded("DTSTART")
    check(isinstance(start, datetime.date) and not isinstance(start, datetime.datetime), "an all-day event")
    check(start == treated + datetime.timedelta(days=day), f"day {day} falls on {treated + datetime.timedelta(days=day)}")
    summary = str(e.get("SUMMARY"))
    names = [c["name"] for c in plan["changes"] if c["day"] == day]
    check(all(n in summary for n in names), f"day {day}'s summary names its products: {summary}")
    check(e.get("UID") and str(e.get("UID")) not in uids, "a unique UID")
    uids.add(str(e.get("UID")))
    check(e.get("DTSTAMP") is not None, "a DTSTAMP")
    alarms = [a for a in e.walk() if a.name == "VALARM"]
    check(len(alarms) == 1 and str(alarms[0].get("ACTION")) == "DISPLAY", "a display reminder")
check(len(events) > 0, "the routine has days on which a product comes back")

for f in failures:
    print("FAIL:", f)
if failures:
    sys.exit(1)
print(f"plan ics: {len(events)} events, {len(lines)} lines, read by python3-icalendar {icalendar.__version__}")
