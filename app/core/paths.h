/* paths.h: where dyad keeps things (XDG base directories) and private
 * folder creation. */
#ifndef DYAD_CORE_PATHS_H
#define DYAD_CORE_PATHS_H

#include <sys/types.h>

#include "app/core/error.h"

/* $XDG_DATA_HOME/dyad, else ~/.local/share/dyad. Caller frees; NULL with st
 * filled when neither XDG_DATA_HOME nor HOME is usable. */
char *paths_data_dir(struct dyad_status *st);

/* $XDG_CACHE_HOME/dyad, else ~/.cache/dyad: files dyad can always make
 * again (never clinical data). Caller frees; NULL when neither is usable
 * or memory runs out: callers then do without. */
char *paths_cache_dir(void);

/* The database path from, in order: explicit (the --db flag), $DYAD_DB, then
 * paths_data_dir()/dyad.db. Caller frees. */
char *paths_database(const char *explicit_path, struct dyad_status *st);

/* Creates dir and its missing parents; the ones it creates get mode. An
 * existing directory is left as it is. */
enum dyad_error paths_mkdir_p(const char *dir, mode_t mode, struct dyad_status *st);

/* The folder part of path ("." when none). Caller frees; NULL if out of memory. */
char *paths_dirname(const char *path);

/* "<database's folder>/unsaved", made (0700) if missing and made private
 * if it is not: where note text lives while an editor has it and where
 * text that could not be saved is kept. Caller frees; NULL on error, with
 * st saying why. */
char *paths_unsaved_dir(const char *db_path, struct dyad_status *st);

#endif
