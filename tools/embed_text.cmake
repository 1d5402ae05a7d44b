# Embeds a text file of `aftercare serve` (its page, its OpenAPI document)
# into a C++ source at build time, so the binary serves it with no file access.
#   cmake -DIN=page.html -DOUT=page_html.cc -DSYMBOL=kPageHtml -P embed_text.cmake
file(READ "${IN}" content)
string(FIND "${content}" ")AFTERCAREEMBED\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} holds the raw string's delimiter")
endif()
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by tools/embed_text.cmake: do not edit.\n"
  "namespace aftercare::serve {\nextern const char ${SYMBOL}[];\nconst char ${SYMBOL}[] = R\"AFTERCAREEMBED(${content})AFTERCAREEMBED\";\n}  // namespace aftercare::serve\n")
file(RENAME "${OUT}.tmp" "${OUT}")
