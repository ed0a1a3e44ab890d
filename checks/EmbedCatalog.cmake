# Turns the catalogue JSON into a C++ raw string literal (run at build time).
file(READ ${INPUT} CONTENT)
file(WRITE ${OUTPUT} "// Generated from blocking_catalog.json; do not edit.\nR\"concur_catalog(${CONTENT})concur_catalog\"\n")
