# Turn a text file into a C source defining `const char NAME[]`.
# Usage: cmake -DIN=<file> -DOUT=<file.c> -DNAME=<symbol> -P embed.cmake
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
file(WRITE "${OUT}"
	"/* generated from ${IN} by cmake/embed.cmake; do not edit */\n"
	"const char ${NAME}[] = {${body}0x00};\n")
