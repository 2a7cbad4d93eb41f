#!/usr/bin/python3
"""run.py: dyad's benchmark, measured against the tools a therapist would
otherwise use, in the same run (make bench).

Generates the synthetic practices once (cached in tests/bench/work/, keyed on
the sources that shape them), measures every figure as the median of at
least five runs, prints a table (figure, dyad, peer, ratio, target, met?)
and writes tests/bench/RESULTS.md with a description of the machine.

Whole processes are timed with hyperfine (-N: no shell in between) and their
peak memory read with /usr/bin/time -f %M; parts of a process (opening the
database, a search as you type) are timed in-process by tests/bench/probe.c.

  run.py [--runs N] [--couples N] [--smoke] [--results FILE] [--only REGEX]

--smoke runs every figure on a tiny practice with few runs, writes nothing
into the repository and checks only that each figure produced numbers (it
is what `make test` runs; no timing is asserted anywhere).
"""
import argparse
import hashlib
import html
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TODAY = "2026-11-28"  # every practice ends on this day: same seed, same files
SEED = 20261128

# The sources whose change changes a generated practice.
PRACTICE_SOURCES = ["app/domain/demo.c", "app/store/bulk.c", "app/store/sessions.c",
                    "app/store/couples.c", "app/store/concepts.c"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Bench:
    def __init__(self, args):
        self.args = args
        self.dyad = os.environ.get("DYAD_BIN") or os.path.join(ROOT, "build/bench/dyad")
        self.probe = os.environ.get("DYAD_PROBE") or os.path.join(ROOT, "build/bench/bench/probe")
        self.work = args.work or os.path.join(HERE, "work")
        os.makedirs(self.work, exist_ok=True)
        self.tmp = tempfile.mkdtemp(prefix="dyad-bench.")
        self.env = dict(os.environ, DYAD_TODAY=TODAY, LC_ALL="C.UTF-8", NO_COLOR="1")
        self.env.pop("DYAD_DB", None)
        self.rows = []
        self.notes = []
        for tool in (self.dyad, self.probe):
            if not os.access(tool, os.X_OK):
                sys.exit(f"run.py: {tool} is missing; run `make bench`")

    # --- helpers -------------------------------------------------------
    def run(self, argv, **kw):
        return subprocess.run(argv, env=self.env, check=True, capture_output=True, text=True, **kw)

    def has_command(self, *words):
        """Whether this dyad has a command (later issues add some)."""
        r = subprocess.run([self.dyad, "help", *words], env=self.env, capture_output=True)
        return r.returncode == 0

    def practice(self, couples):
        """The path of a generated practice of this size, made once."""
        h = hashlib.sha256()
        for rel in PRACTICE_SOURCES + sorted(
                os.path.join("schema", f) for f in os.listdir(os.path.join(ROOT, "schema"))):
            with open(os.path.join(ROOT, rel), "rb") as f:
                h.update(rel.encode() + b"\0" + f.read())
        key = h.hexdigest()[:12]
        path = os.path.join(self.work, f"practice-{couples}-{SEED}-{key}.db")
        if not os.path.exists(path):
            for old in os.listdir(self.work):
                if old.startswith(f"practice-{couples}-") and key not in old:
                    os.remove(os.path.join(self.work, old))
            tmp = path + ".tmp"
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(tmp + suffix):
                    os.remove(tmp + suffix)
            log(f"generating a practice of {couples} couples ...")
            cpu0 = os.times()
            t0 = time.monotonic()
            out = self.run([self.dyad, "--db", tmp, "init", "--demo", "--couples", str(couples),
                            "--seed", str(SEED)]).stdout.strip()
            secs = time.monotonic() - t0
            cpu1 = os.times()
            cpu = (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
            log(f"  {out} ({secs:.1f} s, CPU {cpu:.1f} s)")
            os.rename(tmp, path)
            with open(path + ".made", "w") as f:
                f.write(f"{secs:.2f} {cpu:.2f}\n{out}\n")
        return path

    def made(self, couples):
        """Wall-clock and CPU seconds the cached practice took to make."""
        with open(self.practice(couples) + ".made") as f:
            wall, cpu = (float(x) for x in f.readline().split())
        return wall, cpu

    def hyperfine(self, commands, runs=None):
        """Median wall-clock seconds of each command (argv lists), run
        alternately in one hyperfine call."""
        runs = runs or self.args.runs
        out = os.path.join(self.tmp, "hyperfine.json")
        argv = ["hyperfine", "-N", "--style", "none", "--warmup", "2", "--runs", str(runs),
                "--export-json", out] + [shlex.join(c) for c in commands]
        subprocess.run(argv, env=self.env, check=True, stdout=subprocess.DEVNULL)
        with open(out) as f:
            results = json.load(f)["results"]
        self.last_cpu = [r["user"] + r["system"] for r in results]
        return [r["median"] for r in results]

    def cpu_note(self, figure, names=("dyad", "the peer")):
        """A note with the CPU time (user + system, means) of the last
        hyperfine call's two commands: what the machine did for each,
        apart from waiting for the disk or for other people's work."""
        a, b = self.last_cpu[:2]
        self.notes.append(f"{figure}: CPU time {a * 1e3:.1f} ms for {names[0]}, "
                          f"{b * 1e3:.1f} ms for {names[1]} ({b / a:.0f}x).")

    def peak_kb(self, argv, runs=3, stdin=None):
        """Peak resident memory in KiB (the largest of a few runs)."""
        out = os.path.join(self.tmp, "time.txt")
        peaks = []
        for _ in range(runs):
            with open(os.devnull, "w") as null:
                subprocess.run(["/usr/bin/time", "-o", out, "-f", "%M"] + argv, env=self.env,
                               check=True, stdout=null, stderr=null, stdin=stdin)
            with open(out) as f:
                peaks.append(int(f.read().split()[-1]))
        return max(peaks)

    def probe_json(self, *args):
        lines = self.run([self.probe, *map(str, args)]).stdout.splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def add(self, figure, dyad, peer, target, met, ratio=None, unit="ms", peer_name=""):
        self.rows.append(dict(figure=figure, dyad=dyad, peer=peer, unit=unit, ratio=ratio,
                              target=target, met=met, peer_name=peer_name))
        log(f"  {figure}: dyad {fmt(dyad, unit)}, peer {fmt(peer, unit)}")

    def wanted(self, name):
        return not self.args.only or re.search(self.args.only, name)

    # --- figures ---------------------------------------------------------
    def couple_list(self, db):
        # The query `dyad couple list` runs (app/store/couples.c), for the
        # sqlite3 shell to run on the same file.
        sql = ("SELECT c.id, c.name, c.status, c.intake_date, c.created_at, c.updated_at,"
               " pa.name, pa.pronouns, pb.name, pb.pronouns,"
               " coalesce(st.sessions_total, 0), coalesce(st.sessions_held, 0), st.last_session,"
               " (SELECT count(*) FROM assignment h WHERE h.couple_id = c.id"
               " AND h.status = 'assigned')"
               " FROM couple c"
               " JOIN partner pa ON pa.couple_id = c.id AND pa.role = 'a'"
               " JOIN partner pb ON pb.couple_id = c.id AND pb.role = 'b'"
               " LEFT JOIN couple_stats st ON st.couple_id = c.id"
               " WHERE c.status = 'active' ORDER BY c.name COLLATE NOCASE, c.id")
        dyad, shell = self.hyperfine([[self.dyad, "--db", db, "couple", "list"],
                                      ["sqlite3", db, sql]])
        ratio = dyad / shell
        self.add(f"`dyad couple list`, {self.couples} couples, whole process", dyad * 1e3,
                 shell * 1e3, "at most 1.5x the shell", ratio <= 1.5,
                 ratio=f"{ratio:.2f}x the shell", peer_name="sqlite3 shell, same query")

    def open_db(self, db):
        (r,) = self.probe_json("open", db, max(self.args.runs * 5, 25))
        self.add("open the database and check migrations (in-process)", r["dyad_ms"], None,
                 "at most 5 ms", r["dyad_ms"] <= 5)

    def search(self, db):
        limit = 50
        common, rare = "repair", "sabbatical"
        rows = self.probe_json("search", db, limit, self.args.runs * 4, common, rare)
        for r, kind in zip(rows, ("common", "rare")):
            hits = r["hits"]
            self.add(f"note search, {kind} word '{r['word']}' ({hits} shown of {self.notes_with(db, r['word'])} notes), in-process",
                     r["dyad_ms"], r["peer_ms"], "at most 20 ms a query", r["dyad_ms"] <= 20,
                     ratio=ratio_text(r["dyad_ms"], r["peer_ms"]),
                     peer_name="LIKE scan, newest first")
        word = "conversation"
        (t,) = self.probe_json("typing", db, limit, self.args.runs * 2, word)
        worst = max(t["keys"], key=lambda k: k["dyad_ms"])
        self.add(f"search as you type '{word}', slowest of {len(t['keys'])} keys ('{worst['text']}'), in-process",
                 t["dyad_ms"], t["peer_ms"], "at most 20 ms a query", t["dyad_ms"] <= 20,
                 ratio=ratio_text(t["dyad_ms"], t["peer_ms"]), peer_name="LIKE scan, slowest key")

    def tui(self, db):
        """The interface in a real terminal: tmux runs hyperfine in a pane,
        dyad reads a key script ($DYAD_KEYS_SCRIPT) and quits at its end.
        Start to first screen: a script that only goes from Today to the
        couple list (one key) and dumps it.
        A keystroke: (a script of N keys - the empty script) / N, each key
        one redrawn frame, so it includes curses' output to the terminal."""
        if not shutil.which("tmux"):
            self.notes.append("interface figures skipped: tmux is missing")
            return
        keys = 200
        scripts = {}
        typing = "s" + ("conversation" + "<BS>" * 12) * 7 + "conversat"
        typed = 1 + 7 * 24 + 9  # keys in the "type" script
        # The timed scripts dump nothing (a dump is a file written and
        # synced); one more run, not timed, dumps each script's last screen.
        # A practice opens on Today; every script first goes to the couple
        # list (c), so the differences below still count only their own keys.
        for name, body in (("first", "c"), ("move", "c" + "<Down><Up>" * (keys // 2)),
                           ("type", "c" + typing)):
            for dumped in (False, True):
                path = os.path.join(self.tmp, f"keys-{name}{'-dump' if dumped else ''}")
                with open(path, "w") as f:
                    f.write(body + "\n")
                    if dumped:
                        f.write(":dump " + os.path.join(self.tmp, f"screen-{name}.txt") + "\n")
                scripts[name + ("-dump" if dumped else "")] = path
        cmds = [["env", f"DYAD_KEYS_SCRIPT={scripts[n]}", self.dyad, "--db", db]
                for n in ("first", "move", "type")]
        # hyperfine gives its commands no standard input, and the interface
        # needs the terminal on both: each runs through a shell that hands it
        # the pane's terminal (hyperfine subtracts the shell's own start-up).
        shell_cmds = [shlex.join(c) + " </dev/tty" for c in cmds]
        out = os.path.join(self.tmp, "tui.json")
        done = os.path.join(self.tmp, "tui.done")
        mem = os.path.join(self.tmp, "tui.mem")
        inner = (shlex.join(["hyperfine", "--output=inherit", "--style", "none",
                             "--warmup", "2", "--runs", str(self.args.runs),
                             "--export-json", out] + shell_cmds)
                 + " 2>" + shlex.quote(os.path.join(self.tmp, "tui.err")) + "; "
                 + "; ".join(shlex.join(["/usr/bin/time", "-a", "-o", mem, "-f", "%M"] + c)
                             for c in cmds for _ in range(3))
                 + "; " + "; ".join(
                     shlex.join(["env", f"DYAD_KEYS_SCRIPT={scripts[n + '-dump']}", self.dyad,
                                 "--db", db]) for n in ("first", "move", "type"))
                 + f"; touch {shlex.quote(done)}")
        session = f"dyad-bench-{os.getpid()}"
        env = dict(self.env, TERM="xterm-256color")
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                        "sh", "-c", inner], env=env, check=True)
        try:
            deadline = time.monotonic() + 600
            while not os.path.exists(done) and time.monotonic() < deadline:
                time.sleep(0.5)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], env=env,
                           stderr=subprocess.DEVNULL)
        if not os.path.exists(out) or os.path.getsize(out) == 0:
            err = os.path.join(self.tmp, "tui.err")
            why = open(err).read().strip().splitlines()[-1:] if os.path.exists(err) else []
            raise RuntimeError("interface figures: hyperfine in tmux failed: " + " ".join(why))
        with open(out) as f:
            first, move, typing = (r["median"] for r in json.load(f)["results"])
        with open(mem) as f:
            peak = max(int(x) for x in f.read().split()) / 1024
        # What the runs showed: the couple list, and search results.
        shown = {}
        for n in ("first", "move", "type"):
            path = os.path.join(self.tmp, f"screen-{n}.txt")
            shown[n] = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
        if "active couples" not in shown["first"] or "active couples" not in shown["move"]:
            raise RuntimeError("interface figures: the first screen is not the couple list")
        if "conversat" not in shown["type"]:
            raise RuntimeError("interface figures: the search screen did not show the query")
        self.add(f"interface: start to first full screen, {self.couples} couples, in tmux",
                 first * 1e3, None, "at most 50 ms", first * 1e3 <= 50)
        # Differences of two medians: on a busy machine, and on the smoke
        # test's tiny practice, the keys can cost less than the noise and
        # the difference come out below zero; that reads as 0 (no time
        # measurable), never as a negative time.
        per_key = max(0.0, (move - first) / keys * 1e3)
        self.add(f"interface: a keystroke to the redrawn screen (couple list, {keys} keys)",
                 per_key, None, "at most 16 ms", per_key <= 16)
        per_typed = max(0.0, (typing - first) / typed * 1e3)
        self.add(f"interface: a keystroke in search as you type ({typed} keys)", per_typed,
                 None, "at most 16 ms", per_typed <= 16)
        self.add("interface: peak memory (any of the three runs)", peak, None,
                 "at most 30 MB", peak <= 30, unit="MB")

    def open_assignments(self, db):
        """(due date, count due by then) for the open assignments, by date."""
        out = self.run(["sqlite3", db, "SELECT due_on, count(*) FROM assignment"
                        " WHERE status = 'assigned' GROUP BY due_on ORDER BY due_on"]).stdout
        rows, total = [], 0
        for line in out.split():
            day, n = line.split("|")
            total += int(n)
            rows.append((day, total))
        return rows

    def handout_html(self, pdf, html_path):
        """The handout's own text as a plain HTML document, for the peer."""
        text = self.run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"]).stdout
        parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>Handout</title>'
                 '</head><body>']
        first = True
        for line in text.splitlines():
            if not line.strip():
                continue
            tag = "h1" if first else "p"
            first = False
            parts.append(f"<{tag}>{html.escape(line.strip())}</{tag}>")
        parts.append("</body></html>")
        with open(html_path, "w", encoding="utf-8") as f:
            f.write("\n".join(parts))

    def handouts(self, db):
        """One handout against LibreOffice, and a batch against singles."""
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        ids = self.run(["sqlite3", db, "SELECT id FROM assignment WHERE status = 'assigned'"
                        " ORDER BY due_on, id"]).stdout.split()
        if not ids:
            self.notes.append("handout figures skipped: the practice has no open assignment")
            return
        out_dir = os.path.join(self.tmp, "handouts")
        os.makedirs(out_dir)
        one = os.path.join(out_dir, "one.pdf")
        single = [self.dyad, "--db", db, "handout", ids[0], "-o", one]
        self.run(single)
        if soffice and not self.args.smoke:  # LibreOffice takes seconds a run
            html_path = os.path.join(out_dir, "handout.html")
            self.handout_html(one, html_path)
            profile = "file://" + os.path.join(self.tmp, "lo-profile")
            lo = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                  "pdf", "--outdir", os.path.join(out_dir, "lo"), html_path]
            dyad_s, lo_s = self.hyperfine([single, lo])
            self.cpu_note("One handout", ("dyad", "LibreOffice"))
            speedup = lo_s / dyad_s
            self.add("one handout PDF, whole process", dyad_s * 1e3, lo_s * 1e3,
                     "at least 80x faster", speedup >= 80, ratio=f"{speedup:.0f}x faster",
                     peer_name="LibreOffice headless, the same text as HTML")
        else:
            (dyad_s,) = self.hyperfine([single])
            if not self.args.smoke:
                self.notes.append("LibreOffice is missing (make bench installs"
                                  " libreoffice-writer-nogui): one handout has no peer")
            self.add("one handout PDF, whole process", dyad_s * 1e3, None,
                     "at least 80x faster", None)
        # The batch: the open assignments due by the date that comes
        # closest to 200 handouts, and the same ones one process each.
        due = self.open_assignments(db)
        day, count = min(due, key=lambda r: abs(r[1] - 200))
        batch_ids = ids[:count]
        batch_dir = os.path.join(out_dir, "batch")
        os.makedirs(batch_dir)
        singles = os.path.join(self.tmp, "singles.sh")
        with open(singles, "w") as f:
            f.write("set -e\n")
            for i in batch_ids:
                f.write(shlex.join([self.dyad, "--db", db, "handout", i, "-o",
                                    os.path.join(out_dir, "single.pdf")]) + " >/dev/null\n")
        runs = 5 if not self.args.smoke else 3
        batch_s, singles_s = self.hyperfine(
            [[self.dyad, "--db", db, "handouts", "--due-before", day, "--dir", batch_dir],
             ["sh", singles]], runs=runs)
        per_batch, per_single = batch_s / count * 1e3, singles_s / count * 1e3
        self.add(f"{count} handouts in one batch (per handout)", per_batch, per_single,
                 "per handout no slower than single", per_batch <= per_single,
                 ratio=ratio_text(per_batch, per_single), peer_name=f"{count} single handouts")

    def same_workbook(self, a, b):
        """Whether two workbooks hold the same sheets and cell values (so the
        peer did the same work); trailing empty cells and rows aside."""
        import openpyxl

        def cells(path):
            wb = openpyxl.load_workbook(path, read_only=True)
            out = {}
            for ws in wb.worksheets:
                rows = []
                for row in ws.iter_rows(values_only=True):
                    row = list(row)
                    while row and row[-1] is None:
                        row.pop()
                    rows.append(tuple(round(v, 6) if isinstance(v, float) else v for v in row))
                while rows and not rows[-1]:
                    rows.pop()
                out[ws.title] = rows
            wb.close()
            return out
        return cells(a) == cells(b)

    def reports(self, db):
        """The couple and the caseload report against the openpyxl peer."""
        peer = os.path.join(HERE, "peers", "report.py")
        out = os.path.join(self.tmp, "reports")
        os.makedirs(out, exist_ok=True)
        # A couple in the middle of the list, with a full year of records.
        couple = self.run(["sqlite3", db, "SELECT id FROM couple ORDER BY id"
                           " LIMIT 1 OFFSET (SELECT count(*) / 2 FROM couple)"]).stdout.strip()
        for kind, dyad_args, peer_args in (
                ("couple", ["report", couple], ["couple", couple]),
                ("caseload", ["report", "--caseload"], ["caseload"])):
            mine = os.path.join(out, f"dyad-{kind}.xlsx")
            theirs = os.path.join(out, f"peer-{kind}.xlsx")
            dyad_cmd = [self.dyad, "--db", db] + dyad_args + ["-o", mine]
            peer_cmd = ["/usr/bin/python3", peer, db] + peer_args + [theirs]
            self.run(dyad_cmd)
            self.run(peer_cmd)
            if not self.same_workbook(mine, theirs):
                raise RuntimeError(f"the peer's {kind} workbook differs from dyad's")
            dyad_s, peer_s = self.hyperfine([dyad_cmd, peer_cmd])
            self.cpu_note(f"The {kind} report", ("dyad", "openpyxl"))
            speedup = peer_s / dyad_s
            label = (f"couple report (couple {couple}, a year of sessions)" if kind == "couple"
                     else f"caseload report, {self.couples} couples")
            self.add(f"{label}, whole process", dyad_s * 1e3, peer_s * 1e3,
                     "at least 10x faster", speedup >= 10, ratio=f"{speedup:.1f}x faster",
                     peer_name="Python openpyxl, write-only, same workbook")
            if kind == "caseload":
                mem = self.peak_kb(dyad_cmd) / 1024
                peer_mem = self.peak_kb(peer_cmd) / 1024
                self.add(f"caseload report, {self.couples} couples, peak memory", mem, peer_mem,
                         "at most 50 MB", mem <= 50, unit="MB",
                         ratio=f"{peer_mem / mem:.1f}x less", peer_name="the same peer")

    def growth(self, db):
        """The caseload report at 100, 1,000 and 5,000 couples."""
        sizes = [5, 10, 20] if self.args.smoke else [100, 1000, 5000]
        points = []
        for n in sizes:
            practice = db if n == self.couples else self.practice(n)
            out = os.path.join(self.tmp, f"caseload-{n}.xlsx")
            cmd = [self.dyad, "--db", practice, "report", "--caseload", "-o", out]
            (secs,) = self.hyperfine([cmd], runs=self.args.runs)
            points.append((n, secs * 1e3, self.peak_kb(cmd) / 1024))
        base_n, base_ms, base_mb = points[0]
        # At most linear: each size's cost per couple no more than the
        # smallest practice's, with 10% for noise. Memory has a floor (the
        # program itself), so it is compared the same way, per couple.
        for n, ms, mb in points:
            self.add(f"growth: caseload report, {n} couples, time", ms, None,
                     "at most linear", ms / n <= base_ms / base_n * 1.1,
                     ratio=f"{ms / n:.3f} ms a couple")
        for n, ms, mb in points:
            self.add(f"growth: caseload report, {n} couples, peak memory", mb, None,
                     "at most linear", mb / n <= base_mb / base_n * 1.1, unit="MB",
                     ratio=f"{mb * 1024 / n:.0f} KB a couple")

    def notes_with(self, db, word):
        out = self.run(["sqlite3", db, f"SELECT count(*) FROM note_fts WHERE note_fts MATCH '\"{word}\"'"])
        return int(out.stdout.strip() or 0)

    # --- the run ---------------------------------------------------------
    def main(self):
        self.couples = self.args.couples
        load0 = os.getloadavg()
        db = self.practice(self.couples)
        wall, cpu = self.made(self.couples)
        self.add(f"generate the synthetic practice, {self.couples} couples, whole process"
                 f" (CPU {cpu:.1f} s)", wall * 1e3, None, "under 30 s for 1,000 couples",
                 wall <= 30 if self.couples == 1000 else None, unit="ms")
        figures = [("couple-list", self.couple_list), ("open", self.open_db),
                   ("search", self.search)]
        if self.has_command("handout"):
            figures.append(("handouts", self.handouts))
        if self.has_command("report"):
            figures.append(("reports", self.reports))
            figures.append(("growth", self.growth))
        if os.path.exists(os.path.join(ROOT, "app/tui/tui.c")):
            figures.append(("tui", self.tui))
        for name, fn in figures:
            if self.wanted(name):
                log(f"measuring {name} ...")
                fn(db)
        self.load = (load0, os.getloadavg())
        return self.rows

    def cleanup(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def fmt(v, unit):
    if v is None:
        return "-"
    if unit == "ms":
        if v >= 10000:
            return f"{v / 1000:.1f} s"
        if v >= 100:
            return f"{v:.0f} ms"
        if v >= 10:
            return f"{v:.1f} ms"
        return f"{v:.2f} ms"
    if unit == "MB":
        return f"{v:.1f} MB"
    return f"{v:g} {unit}"


def ratio_text(dyad, peer):
    if not peer or not dyad:
        return "-"
    if dyad <= peer:
        return f"{peer / dyad:.0f}x faster" if peer / dyad >= 10 else f"{peer / dyad:.1f}x faster"
    return f"{dyad / peer:.1f}x slower"


def table(rows):
    head = ["figure", "dyad", "peer", "ratio", "target", "met?"]
    body = []
    for r in rows:
        peer = fmt(r["peer"], r["unit"]) if r["peer"] is not None else "-"
        if r["peer_name"] and r["peer"] is not None:
            peer += f" ({r['peer_name']})"
        met = {True: "yes", False: "NO", None: "-"}[r["met"]]
        body.append([r["figure"], fmt(r["dyad"], r["unit"]), peer, r["ratio"] or "-",
                     r["target"], met])
    return head, body


def print_table(head, body):
    widths = [max(len(x[i]) for x in [head] + body) for i in range(len(head))]
    for line in [head] + body:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip())


def machine(bench):
    def first(cmd):
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, env=bench.env)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError):
            return "unknown"

    def cpuinfo():
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
        return platform.processor() or "unknown"

    def meminfo():
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        return f"{kb / 1048576:.1f} GiB"

    def deb(pkg):
        return first(["dpkg-query", "-W", "-f=${Version}", pkg])

    return [
        ("CPU", f"{cpuinfo()}, {os.cpu_count()} cores (shared with other work)"),
        ("memory", meminfo()),
        ("kernel", f"{platform.system()} {platform.release()}"),
        ("system", first(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"])),
        ("compiler", first(["cc", "--version"]) + ", -O2"),
        ("dyad", first([bench.dyad, "--version"])),
        ("libraries", f"SQLite {first(['sqlite3', '--version']).split()[0]}, "
                      f"libxlsxwriter {first(['pkg-config', '--modversion', 'xlsxwriter'])}, "
                      f"libharu {deb('libhpdf-2.3.0')}, ncursesw {first(['pkg-config', '--modversion', 'ncursesw'])}"),
        ("peers", f"sqlite3 shell {first(['sqlite3', '--version']).split()[0]}; "
                  f"{first(['hyperfine', '--version'])}"),
        ("load average", f"{bench.load[0][0]:.2f} at the start, {bench.load[1][0]:.2f} at the end"),
    ]


METHOD = """\
- Whole-process figures: `hyperfine -N` (no shell in between), two warm-up
  runs, then the runs of dyad and of its peer alternate in the same call;
  the figure is the median. Peak memory: `/usr/bin/time -f %M`, the largest
  of three runs.
- In-process figures (tests/bench/probe.c, linked with dyad's own code):
  `clock_gettime(CLOCK_MONOTONIC)` around the call, on one open database as
  the interface keeps it; the first call (statement preparation) is not
  counted; the figure is the median.
- Search: at most 50 results with their snippets, newest session first. The
  peer is the same search as a `LIKE '%word%'` scan over the note text with
  a short excerpt, also newest first with the same limit; SQLite's planner
  walks the sessions by date and stops at the limit, so a common word is
  cheap for it and a rare word costs it a scan of every note.
  Search as you type: the word is typed one letter at a time and each
  prefix searched (a single letter is searched as a word, not a prefix);
  the figure is the slowest key.
- A handout or a report is written durably: the file itself is synced
  before it is renamed into place, and its entry in the audit log
  is committed, and SQLite folds the write-ahead log back into the file
  when the last connection closes: seven fsync calls in every export,
  whatever they cost on the disk at hand. The peers sync nothing. The notes
  below give each side's CPU time beside the wall-clock figures.
- Handouts read lean copies of their fonts (reports/font_lean.c), kept in
  ~/.cache/dyad/fonts and made by the first handout, which is a warm-up
  run here; a handout whose text is all Windows-1252, as the practice's
  are, embeds fonts cut to those 250 glyphs.
- The practices are `dyad init --demo --couples N --seed 20261128` with
  `DYAD_TODAY=2026-11-28`: about fifty weekly sessions per couple, notes of
  about 1.5 KB, about ten ratings a session. The generation time is the
  wall-clock time of the run that made the cached file (its CPU time beside
  it: on a shared machine the wall clock also counts other people's work).
"""


def write_results(path, bench, head, body):
    now = time.strftime("%Y-%m-%d %H:%M %Z")
    lines = ["# dyad benchmark results", "",
             f"Measured by `make bench` on {now}. Every figure is a median of at "
             f"least {max(bench.args.runs, 5)} runs, and each peer was measured in the "
             "same run as dyad, so the ratios hold even though the machine was shared.", "",
             "## The machine", ""]
    lines += [f"- {k}: {v}" for k, v in machine(bench)]
    lines += ["", "## Figures", "", "| " + " | ".join(head) + " |",
              "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in body]
    lines += ["", "## How it is measured", "", METHOD]
    if bench.notes:
        lines += ["## Notes", ""] + [f"- {n}" for n in bench.notes] + [""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--couples", type=int, default=1000)
    p.add_argument("--smoke", action="store_true")
    p.add_argument("--results", default=None)
    p.add_argument("--work", default=None)
    p.add_argument("--only", default=None)
    args = p.parse_args()
    if args.smoke:
        args.couples = 12
        args.runs = 3
    elif args.runs < 5:
        sys.exit("run.py: at least 5 runs per figure")
    if args.results is None and not args.smoke:
        args.results = os.path.join(HERE, "RESULTS.md")
    bench = Bench(args)
    try:
        rows = bench.main()
        head, body = table(rows)
        print_table(head, body)
        if args.results:
            write_results(args.results, bench, head, body)
            log(f"wrote {args.results}")
    finally:
        bench.cleanup()


if __name__ == "__main__":
    main()
