#!/usr/bin/python3
"""report.py: the benchmark's peer for dyad's progress reports. Writes the
same workbook as `dyad report` from the same database, the way a careful
Python programmer would: the standard sqlite3 module (read-only), the same
rules for trends, cutoffs, divergence and homework adherence, and openpyxl
in write-only mode with the same sheets, columns, formats and charts.

  report.py DB caseload OUT.xlsx
  report.py DB couple COUPLE_ID OUT.xlsx

The report date is $DYAD_TODAY (YYYY-MM-DD) when set, else today.
"""
import datetime
import os
import sqlite3
import sys

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill

WINDOW, MIN_POINTS, MOVE_SHARE = 4, 3, 0.04
RECENT_DAYS = 90


# --- the rules (app/domain/trends.c and adherence.c) -------------------------------

def fit(values):
    """Least-squares slope through the last WINDOW values, or None."""
    v = values[-WINDOW:]
    k = len(v)
    if k < MIN_POINTS:
        return None
    mx = (k - 1) / 2.0
    my = sum(v) / k
    sxy = sum((i - mx) * (y - my) for i, y in enumerate(v))
    sxx = sum((i - mx) ** 2 for i in range(k))
    slope = sxy / sxx
    return 0.0 if abs(slope) < 1e-12 else slope


def direction(slope, scale_range):
    if slope is None or not scale_range > 0:
        return "too few values"
    threshold = MOVE_SHARE * scale_range * (1.0 + 1e-9)
    if slope > threshold:
        return "rising"
    if slope < -threshold:
        return "falling"
    return "steady"


# Which end of each default concept's scale is the better one (app/domain/scales.c);
# a concept not named here has no known better end and keeps rising/falling.
LOWER_IS_BETTER = {"flooding.episodes", "flooding.peak_bpm", "horsemen.criticism",
                   "horsemen.contempt", "horsemen.defensiveness", "horsemen.stonewalling",
                   "ratio.negative"}
HIGHER_IS_BETTER = {"sentiment_override", "flooding.break", "startup", "repair.attempts",
                    "repair.accepted", "attention", "safety", "stance", "meta",
                    "ratio.positive"}


# What the ends of the default concepts' scales mean (app/domain/scales.c), kept
# only while a concept has its default kind and range: key -> (kind, lo, hi, low, high).
CONCEPT_ENDS = {
    "sentiment_override": ("scale", -2, 2, "strongly negative", "strongly positive"),
    "flooding.episodes": ("count", 0, 20, None, None),
    "flooding.peak_bpm": ("bpm", 30, 220, None, None),
    "flooding.break": ("yesno", 0, 1, "no", "yes"),
    "startup": ("scale", 1, 5, "harsh", "soft"),
    "repair.attempts": ("count", 0, 50, None, None),
    "repair.accepted": ("count", 0, 50, None, None),
    "horsemen.criticism": ("scale", 0, 3, "none", "pervasive"),
    "horsemen.contempt": ("scale", 0, 3, "none", "pervasive"),
    "horsemen.defensiveness": ("scale", 0, 3, "none", "pervasive"),
    "horsemen.stonewalling": ("scale", 0, 3, "none", "pervasive"),
    "attention": ("scale", 1, 5, "scattered", "fully present"),
    "safety": ("scale", 0, 10, "not at all", "completely"),
    "stance": ("scale", 1, 5, "at odds", "fully congruent"),
    "meta": ("scale", 1, 5, "not yet", "fluent"),
    "ratio.positive": ("count", 0, 200, None, None),
    "ratio.negative": ("count", 0, 200, None, None),
}


def concept_range(key, kind, lo, hi):
    """concept_scale_text: "0 none .. 3 pervasive", "count 0..20", "30..220 bpm", "1..5"."""
    low = high = None
    if kind == "yesno" and (lo, hi) == (0, 1):
        low, high = "no", "yes"
    known = CONCEPT_ENDS.get(key)
    if known and known[:3] == (kind, lo, hi) and known[3] is not None:
        low, high = known[3], known[4]
    plus = "+" if lo < 0 < hi else ""
    if low is not None:
        return f"{lo} {low} .. {plus}{hi} {high}"
    if kind == "bpm":
        return f"{lo}..{hi} bpm"
    if kind == "count":
        return f"count {lo}..{hi}"
    return f"{lo}..{plus}{hi}"


def concept_better(key, kind, lo, hi):
    """True, False, or None (unknown), as scales.c says for the default concepts."""
    known = CONCEPT_ENDS.get(key)
    if not known or known[:3] != (kind, lo, hi):
        return None
    return False if key in LOWER_IS_BETTER else True


def direction_word(scale, d):
    """A rising or falling trend read by the scale's better end (trend_direction_word)."""
    if scale["higher"] is None or d not in ("rising", "falling"):
        return d
    return "improving" if (d == "rising") == scale["higher"] else "worsening"


def outcome(scale, count, first, latest):
    """Jacobson-Truax status of one partner (app/domain/outcomes.c)."""
    if count == 0:
        return "no scores"
    if count == 1:
        return "one score"
    rc = scale["rc"]
    if rc is None or not rc > 0:
        return "not available"
    gain = latest - first if scale["higher"] else first - latest
    edge = rc - 1e-9

    def clinical(v):
        if scale["cutoff"] is None:
            return False
        return v < scale["cutoff"] if scale["higher"] else v > scale["cutoff"]
    if gain >= edge:
        return "recovered" if clinical(first) and not clinical(latest) else "improved"
    if -gain >= edge:
        return "deteriorated"
    return "unchanged"


def couple_outcome(a, b):
    good = ("recovered", "improved")
    if any(x not in good + ("unchanged", "deteriorated") for x in (a, b)):
        return "unknown"
    if a in good and b in good:
        return "both improved"
    if a in good or b in good:
        return "split"
    if "deteriorated" in (a, b):
        return "worse"
    return "both stuck"


def diverging(a, b, scale_range):
    da, db = direction(a, scale_range), direction(b, scale_range)
    return (da, db) in (("rising", "falling"), ("falling", "rising"))


def past_cutoff(scale, v):
    if scale["kind"] != "measure" or scale["cutoff"] is None:
        return False
    return v < scale["cutoff"] if scale["higher"] else v > scale["cutoff"]


def expected_by(freq, days):
    days = max(days, 0)
    if freq == "weekly":
        return max(days // 7, 1)
    if freq == "once":
        return 1
    return max(days, 1)


def adherence(freq, assigned_day, checkins):
    """[(done, expected, checkins) for A, B, together] from (day, partner, done, out_of)."""
    out = []
    for who in (0, 1):
        done = expected = n = 0
        previous = 0
        for day, _, d, of in sorted((c for c in checkins if c[1] == who), key=lambda c: c[0]):
            e = expected_by(freq, day - assigned_day)
            step = e - previous if e > previous else 0
            previous = max(previous, e)
            done += max(d, 0)
            expected += of if of > 0 else step
            n += 1
        out.append((done, expected, n))
    out.append(tuple(sum(t[i] for t in out) for i in range(3)))
    return out


def adherence_missing(freq, assigned_day, due_day, today, checkins):
    """adherence_count_missing: once an assignment is due, each partner also owes
    E(due) - E(latest check-in), none of it done. ([tallies], [(reported, expected)])."""
    out = [list(t) for t in adherence(freq, assigned_day, checkins)]
    due = due_day <= today
    owed = expected_by(freq, due_day - assigned_day)
    rep = []
    for who in (0, 1):
        days = [c[0] for c in checkins if c[1] == who]
        rep.append((1 if days else 0, 1 if due or days else 0))
        if not due:
            continue
        covered = expected_by(freq, max(days) - assigned_day) if days else 0
        if owed > covered:
            out[who][1] += owed - covered
            out[2][1] += owed - covered
    rep.append((rep[0][0] + rep[1][0], rep[0][1] + rep[1][1]))
    return [tuple(t) for t in out], rep


def share(t):
    """adherence_share: done over expected whenever something was expected."""
    done, expected, _ = t
    if expected <= 0:
        return None
    return (done * 200 + expected) // (expected * 2)


def whole_or_tenth(v):
    """The score format: "0" for a whole number, else "0.0"."""
    return "0" if float(v).is_integer() else "0.0"


ADHERENCE_RULE = (
    "How homework is counted: once an assignment's due date has passed, each partner is"
    " expected to report on it. Whatever they did not report (all of it, when they never"
    " checked in) counts as expected and not done, so a missing check-in lowers adherence"
    " instead of being left out. Check-ins reported says how many of those reports came.")


def percent(t):
    done, expected, n = t
    if n == 0 or expected <= 0:
        return None
    return (done * 200 + expected) // (expected * 2)


def day_number(text):
    try:
        return datetime.date.fromisoformat(text).toordinal()
    except (TypeError, ValueError):
        return datetime.date(1970, 1, 1).toordinal()


# --- reading ---------------------------------------------------------------------

def catalogue(db):
    scales = []
    # Only measures in use (measures_list_in_use): shipped instruments nobody
    # answers add no columns.
    for mid, key, name, lo, hi, cutoff, higher, rc in db.execute(
            "SELECT id, key, name, scale_min, scale_max, cutoff, higher_is_better,"
            " reliable_change FROM measure WHERE scheduled_by_default = 1"
            " OR EXISTS (SELECT 1 FROM measure_value v WHERE v.measure_id = measure.id)"
            " OR EXISTS (SELECT 1 FROM measure_schedule c WHERE c.measure_id = measure.id"
            " AND c.every > 0) ORDER BY position, key"):
        scales.append(dict(kind="measure", id=mid, key=key, name=name, lo=lo, hi=hi,
                           cutoff=cutoff, higher=bool(higher), couple=False, rc=rc,
                           range=f"{lo:g}..{hi:g}", better_known=True))
    for cid, key, name, lo, hi, level, ckind in db.execute(
            "SELECT id, key, name, scale_min, scale_max, level, kind FROM concept"
            " ORDER BY position, key"):
        better = False if key in LOWER_IS_BETTER else True if key in HIGHER_IS_BETTER else None
        scales.append(dict(kind="concept", id=cid, key=key, name=name, lo=lo, hi=hi,
                           cutoff=None, higher=better, couple=level == "couple", rc=None,
                           range=concept_range(key, ckind, lo, hi),
                           better_known=concept_better(key, ckind, lo, hi) is not None))
    return scales


def scale_index(scales):
    m = {s["id"]: i for i, s in enumerate(scales) if s["kind"] == "measure"}
    c = {s["id"]: i for i, s in enumerate(scales) if s["kind"] == "concept"}
    return m, c


def summarise(scale, values):
    """Per partner: count, last, fit; from each partner's values in order."""
    out = []
    for p in (0, 1):
        v = values[p]
        slope = fit(v)
        last = v[-1] if v else None
        out.append(dict(count=len(v), last=last, slope=slope, first=v[0] if v else None,
                        direction=direction_word(scale, direction(slope, scale["hi"] - scale["lo"])),
                        raw_direction=direction(slope, scale["hi"] - scale["lo"]),
                        past=last is not None and past_cutoff(scale, last)))
    div = not scale["couple"] and diverging(out[0]["slope"], out[1]["slope"],
                                            scale["hi"] - scale["lo"])
    return out, div


# --- writing ---------------------------------------------------------------------

class Styles:
    def __init__(self):
        self.title = Font(bold=True, size=16)
        self.heading = Font(bold=True, size=12, color="1F3864")
        self.bold = Font(bold=True)
        self.muted = Font(color="595959")
        self.flag_font = Font(bold=True, color="9C0006")
        self.header_fill = PatternFill("solid", fgColor="DDE4EE")
        self.flag_fill = PatternFill("solid", fgColor="FFC7CE")
        self.wrap = Alignment(wrap_text=True, vertical="top")


def cell(ws, value, font=None, fmt=None, fill=None, align=None):
    c = WriteOnlyCell(ws, value=value)
    if font is not None:
        c.font = font
    if fmt is not None:
        c.number_format = fmt
    if fill is not None:
        c.fill = fill
    if align is not None:
        c.alignment = align
    return c


def header(ws, st, names):
    return [cell(ws, n, st.bold, fill=st.header_fill, align=st.wrap) for n in names]


def as_date(day):
    return datetime.date.fromordinal(day) if day else None


def as_datetime(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M")


def widths(ws, spec):
    from openpyxl.utils import get_column_letter
    for first, last, w in spec:
        for c in range(first, last + 1):
            ws.column_dimensions[get_column_letter(c + 1)].width = w


# --- the caseload ----------------------------------------------------------------

STALE_SESSIONS, SPARK_MAX = 4, 24


ALERT_DEFAULT, ALERT_BPM, ALERT_BPM_SESSIONS, ALERT_BPM_HITS, ALERT_LOOKBACK = 3, 100, 3, 2, 8
ALERT_KEEP = max(WINDOW, ALERT_BPM_SESSIONS)


def safety_alerts(db):
    """Per couple, how many felt-safety and flooding alerts it has
    (app/domain/alerts.c; screenings rank a couple in their own words)."""
    row = db.execute("SELECT value FROM setting WHERE key = 'alerts.felt_safety_at_or_below'"
                     ).fetchone()
    try:
        threshold = int(row[0]) if row else ALERT_DEFAULT
        if not 0 <= threshold <= 10:
            threshold = ALERT_DEFAULT
    except ValueError:
        threshold = ALERT_DEFAULT
    # Each couple's window: its last ALERT_LOOKBACK held sessions.
    since = {}
    for cid, in db.execute("SELECT id FROM couple"):
        r = db.execute("SELECT starts_at FROM held_sessions WHERE couple_id = ?"
                       " ORDER BY starts_at DESC LIMIT 1 OFFSET ?",
                       (cid, ALERT_LOOKBACK - 1)).fetchone()
        since[cid] = r[0] if r else ""
    series = {}  # (couple, series, partner) -> [(starts, session, value, lo, hi)]
    for sql in (
            "SELECT s.couple_id, s.starts_at, s.id, 0, v.partner, v.value, m.scale_min,"
            " m.scale_max FROM measure_value v JOIN session s ON s.id = v.session_id"
            " JOIN measure m ON m.id = v.measure_id WHERE m.key = 'felt_safety'",
            "SELECT s.couple_id, s.starts_at, s.id, CASE c.key WHEN 'safety' THEN 1"
            " WHEN 'flooding.peak_bpm' THEN 2 WHEN 'flooding.episodes' THEN 3 ELSE 4 END,"
            " r.partner, r.value, c.scale_min, c.scale_max FROM rating r"
            " JOIN session s ON s.id = r.session_id JOIN concept c ON c.id = r.concept_id"
            " WHERE c.key IN ('safety', 'flooding.peak_bpm', 'flooding.episodes',"
            " 'flooding.break') AND r.partner IN ('a', 'b')"):
        for cid, starts, sid, kind, partner, value, lo, hi in db.execute(sql):
            if starts < since.get(cid, ""):
                continue
            series.setdefault((cid, kind, 1 if partner == "b" else 0), []).append(
                (starts, sid, value, lo, hi))
    for k in series:
        series[k] = sorted(series[k])[-ALERT_KEEP:]

    def values(cid, kind, p):
        return series.get((cid, kind, p), [])

    def trend(v):
        if not v:
            return "too few values"
        return direction(fit([x[2] for x in v]), v[-1][4] - v[-1][3])
    counts = {}
    for cid in since:
        n = 0
        for p in (0, 1):
            felt, rated = values(cid, 0, p), values(cid, 1, p)
            if (felt and felt[-1][2] <= threshold) or (rated and rated[-1][2] <= threshold) \
                    or trend(felt) == "falling" or trend(rated) == "falling":
                n += 1
            bpm, episodes, pause = values(cid, 2, p), values(cid, 3, p), values(cid, 4, p)
            hits = sum(1 for x in bpm[-ALERT_BPM_SESSIONS:] if x[2] >= ALERT_BPM)
            if hits >= ALERT_BPM_HITS or (trend(episodes) == "rising" and pause
                                          and pause[-1][1] == episodes[-1][1]
                                          and pause[-1][2] == 0):
                n += 1
        counts[cid] = n
    return counts


def needs_attention(scales, f, safety, names, alerts=0):
    """(rank, reasons) as caseload_attention in app/domain/caseload.c."""
    rank, why = 0, []
    if safety:
        rank |= safety << 12
        why.append("safety screen: severe" if safety == 2 else "safety screen: concern")
    if alerts:
        rank |= min(alerts, 15) << 8
        why.append(f"{alerts} safety alert{'' if alerts == 1 else 's'}")
    a, b = names[0] or "partner A", names[1] or "partner B"
    for k, s in enumerate(scales):
        if s["kind"] != "measure":
            continue
        worse = []
        for p in (0, 1):
            n = f["count"].get((k, p), 0)
            if n and outcome(s, n, f["first"][(k, p)][1],
                             sorted(f["recent_values"][(k, p)])[-1][1]) == "deteriorated":
                worse.append(p)
        if worse:
            rank |= 1 << 3
            who = f"{a} and {b}" if len(worse) == 2 else (a if worse[0] == 0 else b)
            why.append(f"{s['name']} worsening ({who})")
    apart = []
    for k, s in enumerate(scales):
        values = [[v for _, v in sorted(f["recent_values"].get((k, p), []))] for p in (0, 1)]
        if summarise(s, values)[1]:
            apart.append(s["name"])
    if apart:
        rank |= 1 << 2
        why.append("partners moving apart on " + ", ".join(apart))
    held = f["held_ranks"]
    lately_from = held[-STALE_SESSIONS] if len(held) >= STALE_SESSIONS else 0
    if not f["score_ranks"]:
        rank |= 1
        why.append("no scores yet")
    elif max(f["score_ranks"]) < lately_from:
        rank |= 1 << 1
        why.append(f"no scores in the last {STALE_SESSIONS} sessions")
    return rank, "; ".join(why)


def caseload(db, out, today):
    scales = catalogue(db)
    mindex, cindex = scale_index(scales)
    measures = [s for s in scales if s["kind"] == "measure"]
    couples = db.execute(
        "SELECT c.id, c.name, c.status, c.intake_date, pa.name, pb.name FROM couple c"
        " JOIN partner pa ON pa.couple_id = c.id AND pa.role = 'a'"
        " JOIN partner pb ON pb.couple_id = c.id AND pb.role = 'b'"
        " ORDER BY c.name COLLATE NOCASE, c.id").fetchall()
    figures = {cid: dict(held=0, missed=0, recent=0, last=None, hw=[0, 0, 0],
                         recent_values={}, first={}, count={}, held_ranks=[], score_ranks=[],
                         main=([], [])) for cid, *_ in couples}
    # The main measure, whose every score is drawn: CSI-4, else the first in use.
    main = next((k for k, s in enumerate(measures) if s["key"] == "csi4"), 0 if measures else None)
    # Sessions in date order, numbered; the numbers order every value.
    place = {}
    for rank, (sid, cid, starts, attendance) in enumerate(db.execute(
            "SELECT id, couple_id, starts_at, attendance FROM session ORDER BY starts_at, id")):
        place[sid] = (cid, rank)
        f = figures.get(cid)
        if f is None:
            continue
        if attendance in ("no-show", "cancelled"):
            f["missed"] += 1
            continue
        f["held"] += 1
        f["held_ranks"].append(rank)
        try:
            day = datetime.date.fromisoformat(starts[:10]).toordinal()
        except ValueError:
            continue
        if today - RECENT_DAYS < day <= today:
            f["recent"] += 1
        f["last"] = day
    # Every score and rating: per couple, scale and partner the latest few.
    for sql, index in (("SELECT session_id, measure_id, partner, value FROM measure_value", mindex),
                       ("SELECT session_id, concept_id, partner, value FROM rating", cindex)):
        for sid, item, partner, value in db.execute(sql):
            k = index.get(item)
            at = place.get(sid)
            if k is None or at is None or at[0] not in figures:
                continue
            if scales[k]["couple"] != (partner == "couple"):
                continue
            p = 1 if partner == "b" else 0
            f = figures[at[0]]
            f["count"][(k, p)] = f["count"].get((k, p), 0) + 1
            if (k, p) not in f["first"] or at[1] < f["first"][(k, p)][0]:
                f["first"][(k, p)] = (at[1], value)
            if scales[k]["kind"] == "measure":
                f["score_ranks"].append(at[1])
                if k == main:
                    f["main"][p].append((at[1], value))
            kept = figures[at[0]]["recent_values"].setdefault((k, p), [])
            kept.append((at[1], value))
            if len(kept) > WINDOW:
                kept.sort()
                del kept[0]
    # Homework: each assignment's adherence, summed per couple.
    checkins = {}
    for aid, day, partner, done, out_of in db.execute(
            "SELECT assignment_id, checked_on, partner, done, coalesce(out_of, 0) FROM checkin"):
        checkins.setdefault(aid, []).append((day_number(day), 1 if partner == "b" else 0, done,
                                             out_of))
    for aid, cid, freq, assigned in db.execute(
            "SELECT id, couple_id, frequency, assigned_on FROM assignment"):
        f = figures.get(cid)
        if f is None:
            continue
        together = adherence(freq, day_number(assigned), checkins.get(aid, []))[2]
        for i in range(3):
            f["hw"][i] += together[i]

    safety = dict(db.execute(
        "SELECT couple_id, max(lv) FROM (SELECT s.couple_id AS couple_id,"
        " CASE s.result WHEN 'severe' THEN 2 WHEN 'concern' THEN 1 ELSE 0 END AS lv"
        " FROM safety_screening s WHERE s.id = (SELECT t.id FROM safety_screening t"
        "  WHERE t.couple_id = s.couple_id AND t.partner = s.partner"
        "  ORDER BY t.screened_on DESC, t.id DESC LIMIT 1)) GROUP BY couple_id"))
    # Who needs attention first (caseload_attention), active couples before
    # paused and closed ones, then by name.
    attention = {}
    alerts = safety_alerts(db)
    for cid, name, status, intake, a_name, b_name in couples:
        attention[cid] = needs_attention(scales, figures[cid], safety.get(cid, 0),
                                         (a_name, b_name), alerts.get(cid, 0))
    couples.sort(key=lambda c: (c[2] != "active", -attention[c[0]][0]))
    main_scale = measures[main] if main is not None else None

    st = Styles()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Caseload")
    fixed = 12
    spark_col = fixed + 2 * len(measures)
    diverging_col = spark_col + 4 if main_scale else spark_col
    # Each partner's line (an Excel sparkline, which openpyxl cannot write:
    # its cell stays empty, as dyad's does) and trend word.
    widths(ws, [(0, 0, 30), (1, 1, 40), (2, 3, 9), (4, 5, 22), (6, 7, 12), (8, fixed - 1, 11),
                (fixed, spark_col - 1, 12)]
           + ([(spark_col, spark_col, 14), (spark_col + 1, spark_col + 1, 11),
               (spark_col + 2, spark_col + 2, 14), (spark_col + 3, spark_col + 3, 11)]
              if main_scale else [])
           + [(diverging_col, diverging_col, 11), (diverging_col + 1, diverging_col + 1, 60)])
    ws.freeze_panes = "B5"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "4:4"
    ws.append([cell(ws, "Caseload", st.title)])
    note = "Confidential clinical information. Red scores are past their measure's cutoff."
    if main_scale:
        note += " The lines over time are drawn from the Trend data sheet."
    ws.append([cell(ws, "Report date", st.bold), cell(ws, as_date(today), fmt="d mmmm yyyy"), None,
               cell(ws, note, st.muted)])
    ws.append([])
    head = ["Couple", "Needs attention", "Record", "Status", "Partner A", "Partner B", "Intake",
            "Last session", "Sessions, last 90 days", "Sessions held", "Missed or cancelled",
            "Homework done"]
    for m in measures:
        head += [f"{m['name']} (A)", f"{m['name']} (B)"]
    if main_scale:
        for p in "AB":
            head += [f"{main_scale['name']} over time ({p})", f"{main_scale['name']} trend ({p})"]
        main_k = scales.index(main_scale)
        trend_rows = []
    head += ["Diverging scales", "Flags"]
    ws.append(header(ws, st, head))
    for cid, name, status, intake, a_name, b_name in couples:
        f = figures[cid]
        why = attention[cid][1]
        row = [cell(ws, name), cell(ws, why, align=st.wrap) if why else None,
               cell(ws, cid, fmt="0"), cell(ws, status), cell(ws, a_name),
               cell(ws, b_name), cell(ws, as_date(day_number(intake)), fmt="yyyy-mm-dd"),
               cell(ws, as_date(f["last"]), fmt="yyyy-mm-dd"), cell(ws, f["recent"], fmt="0"),
               cell(ws, f["held"], fmt="0"), cell(ws, f["missed"], fmt="0")]
        pct = percent(tuple(f["hw"]))
        row.append(cell(ws, None if pct is None else pct / 100.0, fmt="0%"))
        flags, names, ndiv = [], [], 0
        for k, s in enumerate(scales):
            values = [[v for _, v in sorted(f["recent_values"].get((k, p), []))] for p in (0, 1)]
            parts, div = summarise(s, values)
            if s["kind"] == "measure":
                past = [parts[0]["past"], parts[1]["past"]]
                for p in (0, 1):
                    flagged = past[p]
                    row.append(cell(ws, parts[p]["last"], st.flag_font if flagged else None,
                                    "0.0", st.flag_fill if flagged else None))
                if past[0] or past[1]:
                    who = "A and B" if past[0] and past[1] else "A" if past[0] else "B"
                    flags.append(f"{s['name']} past its cutoff ({who})")
            if div:
                names.append(s["name"])
                ndiv += 1
        if ndiv:
            flags.append("partners moving apart on " + ", ".join(names))
        if main_scale:
            recent = [[v for _, v in sorted(f["recent_values"].get((main_k, p), []))]
                      for p in (0, 1)]
            parts = summarise(main_scale, recent)[0]
            for p in (0, 1):
                scores = [v for _, v in sorted(f["main"][p])][-SPARK_MAX:]
                row.append(None)
                row.append(cell(ws, parts[p]["direction"]) if scores else None)
                trend_rows.append([name, cid, f"{'AB'[p]}: {(a_name, b_name)[p]}"] + scores)
        row.append(cell(ws, ndiv, fmt="0"))
        row.append(cell(ws, "; ".join(flags), align=st.wrap) if flags else None)
        ws.append(row)
    ws.auto_filter.ref = f"A4:{_col(diverging_col + 1)}{4 + len(couples)}"
    if main_scale:
        # The numbers the lines draw: two rows a couple, in the Caseload's order.
        td = wb.create_sheet("Trend data")
        td.append([cell(td, "Trend data", st.title)])
        td.append([cell(td, f"Each partner's {main_scale['name']} scores, oldest first (the"
                            f" latest {SPARK_MAX}): the numbers the lines over time on the"
                            " Caseload sheet draw, in its order.", st.muted)])
        td.append([])
        td.append(header(td, st, ["Couple", "Record", "Partner", "Scores, oldest first"]))
        for r in trend_rows:
            td.append([cell(td, r[0]), cell(td, r[1], fmt="0"), cell(td, r[2])]
                      + [cell(td, v) for v in r[3:]])
    wb.save(out)


def _col(i):
    from openpyxl.utils import get_column_letter
    return get_column_letter(i + 1)


# --- one couple ------------------------------------------------------------------

def couple_report(db, couple_id, out, today):
    scales = catalogue(db)
    mindex, cindex = scale_index(scales)
    c = db.execute("SELECT id, name, status, intake_date FROM couple WHERE id = ?",
                   (couple_id,)).fetchone()
    if c is None:
        sys.exit(f"report.py: no couple has id {couple_id}")
    partners = db.execute("SELECT role, name, pronouns FROM partner WHERE couple_id = ?"
                          " ORDER BY role", (couple_id,)).fetchall()
    names = [p[1] for p in partners]
    sessions = db.execute(
        "SELECT s.id, s.starts_at, s.minutes, s.modality, s.attendance, n.status FROM session s"
        " JOIN note n ON n.session_id = s.id WHERE s.couple_id = ?"
        " ORDER BY s.starts_at, s.id", (couple_id,)).fetchall()
    at = {s[0]: i for i, s in enumerate(sessions)}
    cells = [[[None, None] for _ in sessions] for _ in scales]
    for sql, index in (
            ("SELECT v.session_id, v.measure_id, v.partner, v.value FROM session s"
             " JOIN measure_value v ON v.session_id = s.id WHERE s.couple_id = ?", mindex),
            ("SELECT r.session_id, r.concept_id, r.partner, r.value FROM session s"
             " JOIN rating r ON r.session_id = s.id WHERE s.couple_id = ?", cindex)):
        for sid, item, partner, value in db.execute(sql, (couple_id,)):
            k = index.get(item)
            if k is None or scales[k]["couple"] != (partner == "couple"):
                continue
            cells[k][at[sid]][1 if partner == "b" else 0] = value
    summary = []
    for k, s in enumerate(scales):
        values = [[row[p] for row in cells[k] if row[p] is not None] for p in (0, 1)]
        last_at = [max((i for i, row in enumerate(cells[k]) if row[p] is not None), default=None)
                   for p in (0, 1)]
        parts, div = summarise(s, values)
        for p in (0, 1):
            parts[p]["last_at"] = last_at[p]
        summary.append((parts, div))
    assignments = db.execute(
        "SELECT id, assigned_on, due_on, exercise_title, frequency, minutes, status"
        " FROM assignment WHERE couple_id = ? ORDER BY assigned_on, id", (couple_id,)).fetchall()
    checkin_rows = {}
    for aid, day, partner, done, of, comment in db.execute(
            "SELECT c.assignment_id, c.checked_on, c.partner, c.done, coalesce(c.out_of, 0),"
            " c.comment FROM checkin c JOIN assignment a ON a.id = c.assignment_id"
            " WHERE a.couple_id = ? ORDER BY c.checked_on, c.partner", (couple_id,)):
        checkin_rows.setdefault(aid, []).append((day, 1 if partner == "b" else 0, done, of,
                                                 comment))
    tallies, totals = [], [[0, 0, 0] for _ in range(3)]
    reporting = [[0, 0] for _ in range(3)]
    for a in assignments:
        cis = [(day_number(d), p, done, of) for d, p, done, of, _ in checkin_rows.get(a[0], [])]
        # A dropped assignment never comes due: only what was reported counts.
        due = day_number(a[2]) if a[6] != "dropped" else today + 1
        t, rep = adherence_missing(a[4], day_number(a[1]), due, today, cis)
        tallies.append(t)
        for w in range(3):
            for i in range(3):
                totals[w][i] += t[w][i]
            reporting[w][0] += rep[w][0]
            reporting[w][1] += rep[w][1]
    settings = dict(db.execute("SELECT key, value FROM setting WHERE key IN"
                               " ('practice.name', 'clinician.name')").fetchall())

    st = Styles()
    wb = Workbook(write_only=True)
    sheets = {name: wb.create_sheet(name) for name in
              ("Summary", "Sessions", "Measures", "Homework", "Chart data")}
    # Summary
    ws = sheets["Summary"]
    widths(ws, [(0, 0, 30), (1, 1, 30), (2, 2, 11), (3, 3, 12), (4, 5, 11), (6, 6, 13),
                (7, 8, 11)])
    held = [s for s in sessions if s[4] not in ("no-show", "cancelled")]
    ws.append([cell(ws, "Progress report", st.title)])
    ws.append([cell(ws, "Confidential: clinical information about two people. Share it only"
                        " with those who need it.", st.muted)])
    ws.append([])
    label = lambda t: cell(ws, t, st.bold)
    for text, key in (("Practice", "practice.name"), ("Clinician", "clinician.name")):
        value = settings.get(key)
        ws.append([label(text), cell(ws, value) if value else cell(ws, "not set", st.muted)])
    ws.append([label("Couple"), cell(ws, c[1])])
    ws.append([label("Record number"), cell(ws, c[0], fmt="0")])
    ws.append([label("Status"), cell(ws, c[2])])
    for p, (_, pname, pro) in enumerate(partners):
        ws.append([label("Partner A" if p == 0 else "Partner B"),
                   cell(ws, f"{pname} ({pro})" if pro else pname)])
    ws.append([label("Intake"), cell(ws, as_date(day_number(c[3])), fmt="yyyy-mm-dd")])
    ws.append([label("Report date"), cell(ws, as_date(today), fmt="yyyy-mm-dd")])
    for text, s in (("First session held", held[0] if held else None),
                    ("Most recent session held", held[-1] if held else None)):
        ws.append([label(text), cell(ws, as_datetime(s[1]).date(), fmt="yyyy-mm-dd") if s
                   else cell(ws, "none yet", st.muted)])
    ws.append([label("Sessions held"), cell(ws, len(held), fmt="0")])
    ws.append([label("  of which one partner alone"),
               cell(ws, sum(1 for s in held if s[4] != "both"), fmt="0")])
    ws.append([label("Sessions missed or cancelled"), cell(ws, len(sessions) - len(held), fmt="0")])
    ws.append([])
    ws.append([cell(ws, "Latest scores", st.heading)])
    ws.append(header(ws, st, ["Measure", "Partner", "Latest", "Session date", "Cutoff",
                              "Past cutoff", "Recent trend", "Change a session",
                              "Scores recorded", "First score", "Change since first", "Status",
                              "Couple"]))
    for k, s in enumerate(scales):
        if s["kind"] != "measure" or not any(r[0] is not None or r[1] is not None
                                             for r in cells[k]):
            continue
        parts, _ = summary[k]
        status = [outcome(s, parts[p]["count"], parts[p]["first"], parts[p]["last"])
                  for p in (0, 1)]
        for p in (0, 1):
            t = parts[p]
            row = [cell(ws, s["name"]), cell(ws, names[p])]
            if t["last"] is not None:
                row += [cell(ws, t["last"], st.flag_font if t["past"] else None,
                             whole_or_tenth(t["last"]), st.flag_fill if t["past"] else None),
                        cell(ws, as_datetime(sessions[t["last_at"]][1]).date(), fmt="yyyy-mm-dd")]
            else:
                row += [None, None]
            if s["cutoff"] is not None:
                row += [cell(ws, s["cutoff"], fmt=whole_or_tenth(s["cutoff"])),
                        cell(ws, "yes" if t["past"] else "no", st.flag_font if t["past"] else None)
                        if t["last"] is not None else None]
            else:
                row += [None, None]
            row += [cell(ws, t["direction"]),
                    cell(ws, t["slope"], fmt="+0.00;-0.00;0.00") if t["slope"] is not None
                    else None, cell(ws, t["count"], fmt="0")]
            if t["first"] is not None:
                row += [cell(ws, t["first"], fmt=whole_or_tenth(t["first"])),
                        cell(ws, t["last"] - t["first"], fmt=whole_or_tenth(t["last"] - t["first"]))
                        if t["count"] > 1 else None]
            else:
                row += [None, None]
            row.append(cell(ws, status[p]))
            if p == 0:
                row.append(cell(ws, couple_outcome(*status)))
            ws.append(row)
    ws.append([])
    ws.append([cell(ws, "Homework done", st.heading)])
    ws.append(header(ws, st, ["Who", "Assignments", "Done", "Expected", "Adherence",
                              "Check-ins reported"]))
    for w in range(3):
        t = totals[w]
        pct = share(tuple(t))
        ws.append([cell(ws, names[w] if w < 2 else "Both partners", None if w < 2 else st.bold),
                   cell(ws, len(assignments), fmt="0"),
                   cell(ws, t[0], fmt="0") if t[1] > 0 else None,
                   cell(ws, t[1], fmt="0") if t[1] > 0 else None,
                   cell(ws, pct / 100.0, fmt="0%") if pct is not None
                   else cell(ws, "nothing due yet", st.muted),
                   cell(ws, f"{reporting[w][0]} of {reporting[w][1]} expected")])
    ws.append([cell(ws, ADHERENCE_RULE, st.muted, align=st.wrap)])
    ws.append([])
    ws.append([cell(ws, "Partners moving apart", st.heading)])
    ws.append([cell(ws, "How trends are read: a partner's trend is the straight line through"
                        " their last 4 values on a scale (at least 3 are needed). It is improving"
                        " or worsening (moving toward the better or the worse end of that scale)"
                        " when it moves more than 4% of the scale's range a session"
                        " (0.84 points on a 0 to 21 scale such as CSI-4, 0.4 on a 0 to 10"
                        " scale), and steady otherwise. The partners are flagged as moving apart"
                        " when one partner's trend improves while the other's worsens.",
                    st.muted, align=st.wrap)])
    ws.append(header(ws, st, ["Scale", "Kind", "Partner A", "A: change a session", "Partner B",
                              "B: change a session"]))
    flagged = 0
    for k, s in enumerate(scales):
        parts, div = summary[k]
        if not div:
            continue
        row = [cell(ws, s["name"], st.flag_font), cell(ws, s["kind"])]
        for p in (0, 1):
            row += [cell(ws, parts[p]["direction"]),
                    cell(ws, parts[p]["slope"], fmt="+0.00;-0.00;0.00")]
        ws.append(row)
        flagged += 1
    if not flagged:
        ws.append([cell(ws, "None: no measure or concept shows the partners moving in"
                            " opposite directions.", st.muted)])
    ws.append([])
    ws.append([cell(ws, "What the scales mean", st.heading)])
    ws.append(header(ws, st, ["Scale", "Runs over", "Kind", "Cutoff", "Better"]))
    described = 0
    for k, s in enumerate(scales):
        if not any(r[0] is not None or r[1] is not None for r in cells[k]):
            continue
        better = ("not stated" if not s["better_known"] else
                  "higher is better" if s["higher"] else "lower is better")
        ws.append([cell(ws, s["name"], align=st.wrap), cell(ws, s["range"], align=st.wrap),
                   cell(ws, s["kind"]),
                   cell(ws, s["cutoff"], fmt=whole_or_tenth(s["cutoff"]))
                   if s["cutoff"] is not None else None, cell(ws, better)])
        described += 1
    if not described:
        ws.append([cell(ws, "No scores or ratings recorded yet.", st.muted)])
    # Sessions
    ws = sheets["Sessions"]
    shown = [k for k, s in enumerate(scales) if s["kind"] == "concept" and
             any(r[0] is not None or r[1] is not None for r in cells[k])]
    head = ["Date", "Session", "Minutes", "Modality", "Attendance", "Note"]
    for k in shown:
        s = scales[k]
        head += [f"{s['name']} (couple)"] if s["couple"] else \
            [f"{s['name']} (A)", f"{s['name']} (B)"]
    widths(ws, [(0, 0, 17), (1, 2, 9), (3, 4, 12), (5, 5, 8), (6, len(head) - 1, 13)])
    ws.freeze_panes = "B2"
    ws.append(header(ws, st, head))
    for i, (sid, starts, minutes, modality, attendance, note) in enumerate(sessions):
        # Sessions are numbered 1..N for the couple, oldest first: never by id.
        row = [cell(ws, as_datetime(starts), fmt="yyyy-mm-dd hh:mm"), cell(ws, i + 1, fmt="0"),
               cell(ws, minutes, fmt="0"), cell(ws, modality), cell(ws, attendance),
               cell(ws, note)]
        for k in shown:
            for p in ((0,) if scales[k]["couple"] else (0, 1)):
                v = cells[k][i][p]
                row.append(cell(ws, v, fmt=whole_or_tenth(v)) if v is not None else None)
        ws.append(row)
    ws.auto_filter.ref = f"A1:{_col(len(head) - 1)}{len(sessions) + 1}"
    # Measures, and the chart data behind their charts
    ws = sheets["Measures"]
    data = sheets["Chart data"]
    measure_ks = [k for k, s in enumerate(scales) if s["kind"] == "measure"]
    widths(ws, [(0, 0, 17), (1, 2, 9), (3, 3, 24), (4, 3 + len(measure_ks), 14)])
    ws.freeze_panes = "A2"
    ws.append(header(ws, st, ["Date", "Session", "Partner", "Name"] +
                     [scales[k]["name"] for k in measure_ks]))
    rows = 0
    for i, (sid, starts, *_rest) in enumerate(sessions):
        for p in (0, 1):
            if all(cells[k][i][p] is None for k in measure_ks):
                continue
            row = [cell(ws, as_datetime(starts), fmt="yyyy-mm-dd hh:mm"), cell(ws, i + 1, fmt="0"),
                   cell(ws, "AB"[p]), cell(ws, names[p])]
            for k in measure_ks:
                v = cells[k][i][p]
                flag = v is not None and past_cutoff(scales[k], v)
                row.append(cell(ws, v, st.flag_font if flag else None,
                                whole_or_tenth(v) if v is not None else "0.0",
                                st.flag_fill if flag else None) if v is not None else None)
            ws.append(row)
            rows += 1
    ws.auto_filter.ref = f"A1:{_col(3 + len(measure_ks))}{rows + 1}"
    # The chart data: a block of columns per measure, then one line chart each.
    blocks = []
    for m, k in enumerate(measure_ks):
        s = scales[k]
        points = [(as_datetime(sessions[i][1]).date(), r[0], r[1])
                  for i, r in enumerate(cells[k]) if r[0] is not None or r[1] is not None]
        blocks.append((5 * m, s, points))
    height = 2 + max((len(b[2]) for b in blocks), default=0)
    grid = [[None] * (5 * len(blocks)) for _ in range(height)]
    for base, s, points in blocks:
        grid[0][base] = cell(data, s["name"], st.bold)
        grid[1][base:base + 3] = header(data, st, ["Date", names[0], names[1]])
        if s["cutoff"] is not None:
            grid[1][base + 3] = header(data, st, ["Cutoff"])[0]
        for r, (day, a, b) in enumerate(points, start=2):
            grid[r][base] = cell(data, day, fmt="yyyy-mm-dd")
            grid[r][base + 1] = cell(data, a, fmt=whole_or_tenth(a)) if a is not None else None
            grid[r][base + 2] = cell(data, b, fmt=whole_or_tenth(b)) if b is not None else None
            if s["cutoff"] is not None:
                grid[r][base + 3] = cell(data, s["cutoff"], fmt=whole_or_tenth(s["cutoff"]))
    for row in grid:
        data.append(row)
    for n, (base, s, points) in enumerate(blocks):
        if not points:
            continue
        chart = LineChart()
        chart.title = s["name"]
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = s["lo"], s["hi"]
        chart.y_axis.number_format = "0"
        chart.x_axis.number_format = "d mmm"
        chart.legend.position = "b"
        last = len(points) + 2
        cols = 3 if s["cutoff"] is not None else 2
        chart.add_data(Reference(data, min_col=base + 2, max_col=base + 1 + cols, min_row=2,
                                 max_row=last), titles_from_data=True)
        chart.set_categories(Reference(data, min_col=base + 1, min_row=3, max_row=last))
        ws.add_chart(chart, f"{_col(5 + len(measure_ks))}{2 + 16 * n}")
    # Homework
    ws = sheets["Homework"]
    widths(ws, [(0, 1, 11), (2, 2, 34), (3, 5, 10), (6, 13, 10)])
    ws.freeze_panes = "A2"
    ws.append(header(ws, st, ["Assigned", "Due", "Exercise", "Frequency", "Minutes", "Status",
                              "A: done", "A: expected", "A: adherence", "B: done", "B: expected",
                              "B: adherence", "Both: adherence", "Check-ins"]))

    def tally_cells(t):
        pct = share(tuple(t))
        return [cell(ws, t[0], fmt="0") if t[1] > 0 else None,
                cell(ws, t[1], fmt="0") if t[1] > 0 else None,
                cell(ws, pct / 100.0, fmt="0%") if pct is not None else None]

    for a, t in zip(assignments, tallies):
        row = [cell(ws, as_date(day_number(a[1])), fmt="yyyy-mm-dd"),
               cell(ws, as_date(day_number(a[2])), fmt="yyyy-mm-dd"), cell(ws, a[3]),
               cell(ws, a[4]), cell(ws, a[5], fmt="0"), cell(ws, a[6])]
        row += tally_cells(t[0]) + tally_cells(t[1])
        pct = share(t[2])
        row += [cell(ws, pct / 100.0, fmt="0%") if pct is not None else None,
                cell(ws, len(checkin_rows.get(a[0], [])), fmt="0")]
        ws.append(row)
    if assignments:
        pct = share(tuple(totals[2]))
        ws.append([None, None, cell(ws, "All assignments", st.bold), None, None, None] +
                  tally_cells(totals[0]) + tally_cells(totals[1]) +
                  [cell(ws, pct / 100.0, fmt="0%") if pct is not None else None])
        ws.append([None, None, cell(ws, f"Check-ins reported: {reporting[2][0]} of"
                                        f" {reporting[2][1]} expected", st.muted)])
        ws.append([])
        ws.append([cell(ws, "Check-ins", st.heading)])
        for p in (0, 1):
            ws.append([cell(ws, f"{'AB'[p]} is {names[p]}", st.muted)])
        ws.append(header(ws, st, ["Date", "Partner", "Exercise", "Done", "Of"]))
        for a in assignments:
            for day, p, done, of, _ in checkin_rows.get(a[0], []):
                ws.append([cell(ws, as_date(day_number(day)), fmt="yyyy-mm-dd"),
                           cell(ws, "AB"[p]), cell(ws, a[3]), cell(ws, done, fmt="0"),
                           cell(ws, of, fmt="0") if of else None])
        chart = BarChart()
        chart.title = "Homework done, by assignment"
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
        chart.y_axis.number_format = "0%"
        chart.legend.position = "b"
        last = len(assignments) + 1
        for col in (9, 12):
            chart.add_data(Reference(ws, min_col=col, min_row=1, max_row=last),
                           titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=3, min_row=2, max_row=last))
        ws.add_chart(chart, f"C{last + 3}")
    else:
        ws.append([cell(ws, "No homework assigned yet.", st.muted)])
    wb.save(out)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    today_text = os.environ.get("DYAD_TODAY")
    today = (datetime.date.fromisoformat(today_text) if today_text
             else datetime.date.today()).toordinal()
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    if sys.argv[2] == "caseload":
        caseload(db, sys.argv[3], today)
    elif sys.argv[2] == "couple" and len(sys.argv) == 5:
        couple_report(db, int(sys.argv[3]), sys.argv[4], today)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
