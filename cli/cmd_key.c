/*
 * cmd_key.c - `kartlagg key`: make a pseudonymisation key, or show the id
 * of one.
 */
#include <string.h>

#include "cli.h"
#include "cmds.h"

static const char key_usage[] = "usage: kartlagg key new <file>\n"
                                "   or: kartlagg key id <file>\n";

static const char key_help[] =
    "usage: kartlagg key new <file>\n"
    "   or: kartlagg key id <file>\n"
    "\n"
    "Make the secret key that replaces personnummer and weak keys by\n"
    "pseudonymous person keys, or show the id of a key.\n"
    "\n"
    "  new <file>    write a new random key (mode 0600); an existing file\n"
    "                is never overwritten\n"
    "  id <file>     check the key file and print its id (16 hex digits;\n"
    "                the same key has the same id everywhere)\n"
    "  -q, --quiet   no notes on stderr\n"
    "  -h, --help    show this help and exit\n"
    "\n"
    "Give the same key file to every organisation whose records are to be\n"
    "linked, by a safe channel; keep it away from the store. See\n"
    "kartlagg-key(1).\n";

int cmd_key(int argc, char **argv, struct kl_cli *cli)
{
	static const struct option opts[] = {
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct kl_error err;
	char id[KL_KEY_ID_CHARS + 1];
	int c;

	while ((c = getopt_long(argc, argv, "+qh", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			cli->quiet = 1;
			break;
		case 'h':
			return kl_cli_help(key_help);
		default:
			return kl_cli_bad_option(cli, key_usage, argv);
		}
	}
	if (optind >= argc)
		return kl_cli_usage_error(cli, key_usage,
		                          "no subcommand given (new or id)");
	const char *sub = argv[optind];
	if (strcmp(sub, "new") != 0 && strcmp(sub, "id") != 0)
		return kl_cli_usage_error(
		    cli, key_usage, "unknown subcommand '%s' (new or id)", sub);
	if (optind + 1 >= argc)
		return kl_cli_usage_error(cli, key_usage, "no key file given");
	if (optind + 2 < argc)
		return kl_cli_usage_error(cli, key_usage,
		                          "unexpected argument '%s'",
		                          argv[optind + 2]);
	const char *path = argv[optind + 1];
	kl_error_clear(&err);
	if (strcmp(sub, "new") == 0) {
		if (kl_key_create(path, id, &err))
			return kl_cli_error(cli, &err);
		kl_cli_note(
		    cli,
		    "wrote a new key to '%s' (id %s); keep it secret and "
		    "give it only to the organisations to be linked",
		    path, id);
		return 0;
	}
	struct kl_key key;
	if (kl_key_load(path, &key, &err))
		return kl_cli_error(cli, &err);
	printf("%s\n", key.id);
	kl_key_release(&key);
	return 0;
}
