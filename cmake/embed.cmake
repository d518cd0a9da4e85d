# Turn a text file into a C source defining `const char NAME[]`, NUL-terminated.
# Usage: cmake -DIN=<file> -DOUT=<file.c> -DNAME=<symbol> -P embed.cmake
# The bytes are written as "\xNN" escapes in string literals of 8 bytes a
# line, so the generated source compiles cleanly with -Wconversion (an
# initialiser list of 0xc3-style ints would convert int to char).
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" body "${hex}")
string(REGEX REPLACE "((\\\\x[0-9a-f][0-9a-f])(\\\\x[0-9a-f][0-9a-f])(\\\\x[0-9a-f][0-9a-f])(\\\\x[0-9a-f][0-9a-f])(\\\\x[0-9a-f][0-9a-f])(\\\\x[0-9a-f][0-9a-f])(\\\\x[0-9a-f][0-9a-f])(\\\\x[0-9a-f][0-9a-f]))" "\\1\"\n\t\"" body "${body}")
file(WRITE "${OUT}"
	"/* generated from ${IN} by cmake/embed.cmake; do not edit */\n"
	"const char ${NAME}[] =\n\t\"${body}\";\n")
