/*
 * cmds.h - one prototype per subcommand (cli/cmd_<name>.c).
 */
#ifndef KL_CMDS_H
#define KL_CMDS_H

struct kl_cli;

int cmd_calibrate(int argc, char **argv, struct kl_cli *cli);
int cmd_count(int argc, char **argv, struct kl_cli *cli);
int cmd_estimate(int argc, char **argv, struct kl_cli *cli);
int cmd_import(int argc, char **argv, struct kl_cli *cli);
int cmd_key(int argc, char **argv, struct kl_cli *cli);
int cmd_map(int argc, char **argv, struct kl_cli *cli);
int cmd_mse(int argc, char **argv, struct kl_cli *cli);
int cmd_pseudonymise(int argc, char **argv, struct kl_cli *cli);
int cmd_report(int argc, char **argv, struct kl_cli *cli);
int cmd_sources(int argc, char **argv, struct kl_cli *cli);

#endif
