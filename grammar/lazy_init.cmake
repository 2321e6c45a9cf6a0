# Run after ANTLR (CMakeLists.txt): the generated lexer and parser build their
# ATN (deserialising it, a few thousand allocations) in a static initialiser,
# `Ocf{Lexer,Parser}::Initializer Ocf{Lexer,Parser}::_init`, which every
# process that links ocf ran at start-up, `ocf --version` included (about a
# fifth of its time, issue 15). This moves each into its class's constructor
# as a function-local static: built, once and thread-safely, by the first
# lexer or parser.
#   cmake -DDIR=GENERATED_DIR -P lazy_init.cmake
foreach(class OcfLexer OcfParser)
  if(class STREQUAL OcfLexer)
    set(base Lexer)
    set(stream CharStream)
  else()
    set(base Parser)
    set(stream TokenStream)
  endif()
  set(file ${DIR}/${class}.cpp)
  file(READ ${file} text)
  string(FIND "${text}" "grammar/lazy_init.cmake" done)
  if(NOT done EQUAL -1)
    continue()  # already patched
  endif()
  set(eager "${class}::Initializer ${class}::_init;")
  set(ctor "${class}::${class}(${stream} *input) : ${base}(input) {\n")
  string(FIND "${text}" "${eager}" at_eager)
  string(FIND "${text}" "${ctor}" at_ctor)
  if(at_eager EQUAL -1 OR at_ctor EQUAL -1)
    message(FATAL_ERROR "grammar/lazy_init.cmake: ${file} is not laid out as ANTLR 4.7 lays it out "
                        "(no `${eager}` or no `${class}(${stream} *input)`): update the script")
  endif()
  string(REPLACE "${eager}" "// ${eager} (made lazy: grammar/lazy_init.cmake)" text "${text}")
  string(REPLACE "${ctor}" "${ctor}  static Initializer init;  // grammar/lazy_init.cmake\n  (void)init;\n" text "${text}")
  file(WRITE ${file} "${text}")
endforeach()
