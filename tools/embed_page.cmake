# Embeds the page of `aftercare serve` (src/aftercare/serve/page.html) into a
# C++ source at build time, so the binary serves it with no file access.
#   cmake -DIN=page.html -DOUT=page_html.cc -P embed_page.cmake
file(READ "${IN}" content)
string(FIND "${content}" ")AFTERCAREPAGE\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} holds the raw string's delimiter")
endif()
file(WRITE "${OUT}.tmp" "// Generated from src/aftercare/serve/page.html by tools/embed_page.cmake: do not edit.\n"
  "namespace aftercare::serve {\nextern const char kPageHtml[];\nconst char kPageHtml[] = R\"AFTERCAREPAGE(${content})AFTERCAREPAGE\";\n}  // namespace aftercare::serve\n")
file(RENAME "${OUT}.tmp" "${OUT}")
