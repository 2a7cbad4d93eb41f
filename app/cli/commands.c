/* commands.c: the table of every command: its words, its handler, its
 * synopsis and one line of help. A synopsis is written here and nowhere
 * else: usage lines, `dyad --help` and `dyad help CMD` print it, and
 * tests/cli/house.sh holds the manual's command list to it word for word. */
#include "app/cli/agenda.h"
#include "app/cli/cli.h"
#include "app/cli/assign.h"
#include "app/cli/assignment.h"
#include "app/cli/audit.h"
#include "app/cli/backup.h"
#include "app/cli/check.h"
#include "app/cli/checkin.h"
#include "app/cli/concepts.h"
#include "app/cli/config.h"
#include "app/cli/couple.h"
#include "app/cli/encryption.h"
#include "app/cli/exercises.h"
#include "app/cli/export.h"
#include "app/cli/handout.h"
#include "app/cli/ics.h"
#include "app/cli/import.h"
#include "app/cli/init.h"
#include "app/cli/intake.h"
#include "app/cli/measure.h"
#include "app/cli/note.h"
#include "app/cli/outcomes.h"
#include "app/cli/plan.h"
#include "app/cli/rate.h"
#include "app/cli/report.h"
#include "app/cli/schedule.h"
#include "app/cli/search.h"
#include "app/cli/session.h"
#include "app/cli/trends.h"

const struct cli_command cli_commands[] = {
	/* the practice */
	{ "init", NULL, cmd_init, "init [--demo [--couples N] [--weeks N] [--seed S]]",
		"create the database; --demo fills an empty one with a fictional practice" },
	{ "couple", "add", cmd_couple_add,
		"couple add NAME --partner NAME --partner NAME [--pronouns-a P] [--pronouns-b P] "
		"[--intake YYYY-MM-DD]",
		"add a couple (partner A first); prints the new id" },
	{ "couple", "list", cmd_couple_list, "couple list [--all] [--json]",
		"list active couples (every couple with --all)" },
	{ "couple", "show", cmd_couple_show, "couple show COUPLE [--json]",
		"show a couple, its partners and session counts" },
	{ "couple", "set", cmd_couple_set,
		"couple set COUPLE [--name NAME] [--status active|paused|closed] [--partner-a NAME] "
		"[--partner-b NAME] [--pronouns-a P] [--pronouns-b P]",
		"rename a couple, change its status, or correct a partner's name or pronouns" },
	{ "session", "add", cmd_session_add,
		"session add COUPLE [--date YYYY-MM-DD[THH:MM]] [--minutes N] "
		"[--modality in-person|video|phone] "
		"[--attendance both|a-only|b-only|no-show|cancelled|planned] [--json]",
		"record a session (one dated ahead is planned); prints the new id" },
	{ "session", "plan", cmd_session_plan,
		"session plan COUPLE --date YYYY-MM-DD[THH:MM] [--every 1w|2w] [--until DATE | --count N] [--minutes N] [--modality M] [--json]",
		"book sessions ahead, once or weekly or fortnightly; prints their ids" },
	{ "agenda", NULL, cmd_agenda, "agenda [--days N] [--json]",
		"the coming sessions, today first, with each couple's homework, scores and flags" },
	{ "ics", NULL, cmd_ics, "ics -o FILE [--names] [--days N]",
		"write the planned sessions as a calendar file (initials only unless --names)" },
	{ "session", "list", cmd_session_list, "session list COUPLE [--json]",
		"list a couple's sessions, newest first, with their state" },
	{ "session", "set", cmd_session_set,
		"session set SESSION_ID [--date D] [--minutes N] [--modality M] [--attendance A]",
		"correct a session's date, length, modality or attendance" },
	{ "note", "set", cmd_note_set,
		"note set SESSION_ID [--file F | --template NAME] [--if-revision N] [--allow-empty]",
		"write a draft note from F or standard input, or in the editor at a terminal "
		"(refused if saved elsewhere since N)" },
	{ "note", "edit", cmd_note_edit, "note edit SESSION_ID [--template NAME] [--if-revision N]",
		"change a draft note in your editor ($DYAD_EDITOR, $VISUAL, $EDITOR or vi); "
		"an empty one starts from a template" },
	{ "note", "show", cmd_note_show, "note show SESSION_ID [--json]",
		"print a session's note" },
	{ "note", "sign", cmd_note_sign, "note sign SESSION_ID [--without-intake]",
		"sign a note; a signed note is locked (a couple needs an intake first)" },
	{ "rate", NULL, cmd_rate, "rate SESSION_ID CONCEPT VALUE [--partner a|b] [--clear]",
		"rate a concept in a session (again to replace; --clear to remove)" },
	{ "concepts", NULL, cmd_concepts, "concepts [--json]",
		"list the concepts notes are keyed to, with their scales" },
	{ "search", NULL, cmd_search, "search TEXT [--limit N] [--json]",
		"find notes containing the words, newest first" },

	/* homework and handouts */
	{ "config", "set", cmd_config_set, "config set KEY VALUE",
		"change a practice setting (see config list); an empty VALUE removes it" },
	{ "config", "list", cmd_config_list, "config list [--json]",
		"show the practice settings used on handouts" },
	{ "exercises", NULL, cmd_exercises, "exercises [--json]",
		"list the exercise library: id, title, frequency, minutes, concepts" },
	{ "assign", NULL, cmd_assign,
		"assign COUPLE EXERCISE_ID [--due YYYY-MM-DD] [--note TEXT | --note-file F] "
		"[--session SESSION_ID] [--frequency daily|weekly|once] [--minutes N] [--despite-safety] "
		"[--objective N]",
		"give a couple an exercise; prints the new id" },
	{ "assignments", NULL, cmd_assignments, "assignments COUPLE [--all] [--json]",
		"a couple's open homework (every assignment with --all), with adherence so far" },
	{ "checkin", NULL, cmd_checkin,
		"checkin ASSIGNMENT_ID --partner a|b --done N [--of M] [--comment TEXT] "
		"[--date YYYY-MM-DD] [--session SESSION_ID]",
		"record how much of the homework one partner did" },
	{ "assignment", "set", cmd_assignment_set,
		"assignment set ID [--status assigned|done|dropped] [--due YYYY-MM-DD] [--note TEXT] "
		"[--objective N]",
		"mark homework done or dropped, or open again; or change its due date, note or objective" },
	{ "handout", NULL, cmd_handout, "handout ASSIGNMENT_ID [-o FILE.pdf] [--paper letter|a4] [--large]",
		"write the homework's handout as a PDF; prints its path" },
	{ "handouts", NULL, cmd_handouts,
		"handouts (COUPLE [-o FILE.pdf] | --due-before YYYY-MM-DD [--dir DIR]) "
		"[--paper letter|a4] [--large]",
		"write one couple's open homework as one PDF, or a handout for every open assignment "
		"due by then (closed couples left out)" },

	/* treatment plans: "plan show", "sign" and "history" come before "plan" so
	 * those words are not read as a couple */
	{ "plan", "show", cmd_plan_show, "plan show COUPLE [--json]",
		"show the couple's plan, each objective with its status worked out from the sessions" },
	{ "plan", "sign", cmd_plan_sign, "plan sign COUPLE",
		"sign the plan's draft; a signed version is locked, and a change starts the next" },
	{ "plan", "history", cmd_plan_history, "plan history COUPLE [--json]",
		"list every version of the couple's plan" },
	{ "plan", NULL, cmd_plan, "plan COUPLE [--file F]",
		"write or change the couple's treatment plan in your editor (or from F)" },

	/* measures and progress reports */
	{ "measures", NULL, cmd_measures, "measures [--json]",
		"list the outcome measures with their ranges and cutoffs" },
	/* "measure add" and "measure schedule" come before "measure" so those
	 * words are not read as a session id. */
	{ "measure", "add", cmd_measure_add,
		"measure add KEY NAME --min N --max N [--cutoff X] [--higher-is-better|--lower-is-better] "
		"[--reliable-change X | --reliability R --norm-sd SD] [--source TEXT] [--licence TEXT] "
		"[--every N]",
		"add an outcome measure to the catalogue" },
	{ "measure", "schedule", cmd_measure_schedule, "measure schedule COUPLE KEY [--every N]",
		"how often the couple answers a measure: every N sessions (0: never); "
		"without --every, the measure's default" },
	{ "measure", NULL, cmd_measure, "measure SESSION_ID KEY VALUE --partner a|b [--clear]",
		"record a partner's score in a session (again to replace; --clear to remove)" },
	{ "trends", NULL, cmd_trends, "trends COUPLE [--json]",
		"show each partner's recent scores and ratings, their trends and divergence" },
	{ "outcomes", NULL, cmd_outcomes, "outcomes COUPLE [--json]",
		"each partner's first and latest score, the change and whether it is reliable; "
		"the couple's outcome" },
	{ "report", NULL, cmd_report,
		"report COUPLE [-o FILE.xlsx] [--include-notes] [--include-private] | report COUPLE --summary [-o FILE.pdf] [--paper letter|a4] | report --caseload [-o FILE.xlsx]",
		"write a couple's progress report, or the caseload, as a spreadsheet (private records "
		"only with --include-private); --summary: a one-page PDF of the scores the couple may see" },

	/* intake and safety screening */
	/* "intake show" comes before "intake" so the word "show" is not read as a couple. */
	{ "intake", "show", cmd_intake_show, "intake show COUPLE [--json]",
		"show a couple's intake: concerns, history, goals, confidentiality, referral" },
	{ "intake", NULL, cmd_intake,
		"intake COUPLE [--concerns TEXT] [--history TEXT] [--goal-a G] [--goal-b G] "
		"[--confidentiality no-secrets|individual] [--referral TEXT]",
		"record or change the intake, in your editor without flags (goals: improve, clarify, "
		"undecided)" },
	{ "safety", "add", cmd_safety_add,
		"safety add COUPLE --partner a|b --date YYYY-MM-DD --method TEXT "
		"--result none|concern|severe [--action TEXT]",
		"record one partner's safety screening; a concern flags the couple" },
	{ "safety", "list", cmd_safety_list, "safety list COUPLE [--json]",
		"show the couple's safety screenings (private; the viewing is audited)" },

	/* records, backups and encryption */
	{ "note", "addendum", cmd_note_addendum, "note addendum SESSION_ID [--file F]",
		"add a dated correction to a signed note, from F or standard input" },
	{ "audit", NULL, cmd_audit, "audit [--couple COUPLE] [--since YYYY-MM-DD] [--json]",
		"show the audit log: what happened to the records, and when" },
	{ "check", NULL, cmd_check, "check [--anchor]",
		"verify the database, its protective triggers and the audit log's hash chain" },
	{ "encrypt", NULL, cmd_encrypt, "encrypt",
		"encrypt the database with a passphrase (asked for, never an argument)" },
	{ "decrypt", NULL, cmd_decrypt, "decrypt", "turn an encrypted database back into a plain one" },
	{ "rekey", NULL, cmd_rekey, "rekey", "change the passphrase of an encrypted database" },
	{ "backup", NULL, cmd_backup, "backup FILE",
		"copy the database to FILE while it stays in use (encrypted if it is)" },
	{ "restore", NULL, cmd_restore, "restore FILE [--force]",
		"check a backup, then put it in place, keeping the replaced database" },
	{ "export", NULL, cmd_export,
		"export [-o FILE] [--couple COUPLE [--pdf] [--include-private]]",
		"write everything as one JSON file (standard output without -o); with --couple, one "
		"couple's whole record, signed (a PDF to read with --pdf or -o FILE.pdf)" },
	{ "import", NULL, cmd_import, "import FILE", "load an export into an empty database" },
	{ "verify", NULL, cmd_verify, "verify FILE [--key HEX] | verify --key",
		"check a signed export (JSON or PDF): who, when, and that no byte changed; --key alone "
		"prints yours" },
};

const size_t cli_commands_count = sizeof cli_commands / sizeof cli_commands[0];
