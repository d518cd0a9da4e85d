/* placeholder until the survey import lands */
#include "cli.h"
#include "cmds.h"
int cmd_import(int argc, char **argv, struct kl_cli *cli)
{
	(void)argc;
	(void)argv;
	(void)cli;
	return 70;
}
