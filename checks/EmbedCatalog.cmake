# Turns a JSON data file (the catalogue, the framework profiles) into a C++ raw
# string literal (run at build time).
file(READ ${INPUT} CONTENT)
file(WRITE ${OUTPUT} "// Generated from ${INPUT}; do not edit.\nR\"concur_catalog(${CONTENT})concur_catalog\"\n")
