# embed.cmake — writes OUT, a C file defining `const char NAME[]` with the bytes of IN and
# a terminating NUL, so the RELAX NG schemas travel inside the binary.
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}" "/* generated from ${IN} */\nconst unsigned char ${NAME}[] = {\n${bytes}0x00};\n")
