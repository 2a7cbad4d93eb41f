/* migrations.h: the schema/ files, built into the binary by app/tools/embed.sh. */
#ifndef DYAD_STORE_MIGRATIONS_H
#define DYAD_STORE_MIGRATIONS_H

struct migration {
	int version;      /* the NNNN of schema/NNNN_name.sql */
	const char *name; /* the file name, for messages */
	const char *sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
