// The grammar of the OCF contract language, version 1 (see docs/language.md).
//
// Only compiler/parse sees the code ANTLR generates from this file; it turns the
// parse tree into ocf's own AST (compiler/ast). Every alternative is labelled so
// the AST builder has one visit method per construct.
//
// Keywords come in two kinds. Hard keywords start expressions or declarations
// and can never be names. Soft keywords (listed in `name`) only mean something
// in one position (`provider` in a contract block, `month` is not even a keyword)
// and are ordinary names everywhere else, so a column can be called `provider`,
// `date` or `key`.
grammar Ocf;

file : decl* EOF ;

decl
  : CONTRACT STRING? '{' contractItem* '}'                          # ContractDecl
  | IMPORT STRING                                                    # ImportDecl
  | DATA name STRING? (DATED BY name)? '{' dataItem* '}'              # DataDecl
  | POPULATION name '=' name (WHERE expr)?                           # PopulationDecl
  | LET name '=' expr                                                # LetDecl
  | INPUT name ':' type STRING?                                      # InputDecl
  | FUNCTION name '(' (param (',' param)*)? ')' (':' type)? '=' expr # FunctionDecl
  | MEASURE name STRING? (':' type)? measureClause* '=' expr         # MeasureDecl
  | TARGET name targetRule                                           # TargetDecl
  | OUTCOME name STRING? (WEIGHT expr)? '{' outcomeItem* '}'         # OutcomeDecl
  | PAYMENT name (BY name)? '{' paymentItem* '}'                     # PaymentDecl
  | TEST STRING '{' testItem* '}'                                    # TestDecl
  | TYPE name '=' type                                               # TypeDecl
  | GATE name STRING? '=' expr                                       # GateDecl
  ;

contractItem
  : COMMISSIONER STRING                   # CommissionerItem
  | PROVIDER STRING                       # ProviderItem
  | TERM DATE TO DATE                     # TermItem
  | BASELINE DATE TO DATE                 # BaselineItem
  | PERIODS name                          # PeriodsItem
  | CURRENCY name                         # CurrencyItem
  | name literal?                         # UnknownContractItem
  ;

// `by COLUMN` and `over WINDOW`, in either order (LANGUAGE.md §6).
measureClause
  : BY name                               # ByClause
  | OVER window                           # OverClause
  ;

window
  : LAST NUMBER (IDENT | YEAR)            # LastWindow
  | YEAR TO DATE_T                        # YearToDateWindow
  | TERM TO DATE_T                        # TermToDateWindow
  ;

dataItem
  : name ':' type KEY?                    # ColumnItem
  | CHECK expr STRING?                    # CheckItem
  | DATE_FORMAT STRING                    # DateFormatItem
  ;

type
  : typeName '?'?
  ;

typeName
  : (INT_T | DECIMAL_T | PERCENT | MONEY_T | BOOL_T | DATE_T | DURATION_T | TEXT_T | ID_T) # BuiltinType
  | ONE OF '(' enumValue (',' enumValue)* ','? ')'                                        # EnumType
  | IDENT                                                                                 # NamedType
  ;

enumValue : name | STRING ;

param : name ':' type ;

targetRule
  : AT LEAST expr                         # AtLeastTarget
  | AT MOST expr                          # AtMostTarget
  | FROM expr TO expr                     # RangeTarget
  | direction=(REDUCED | INCREASED) BY expr POINTS? FROM BASELINE # ChangeTarget
  ;

outcomeItem : name (WEIGHT expr)? ;

paymentItem
  : LET name '=' expr                     # PaymentLet
  | SHADOW? PAY STRING '=' expr           # PayLine
  ;

testItem
  : GIVEN name '{' TABLE_ROW* '}'         # GivenTable
  | GIVEN name FROM STRING                # GivenFile
  | SET name '=' expr                     # SetInput
  | EXPECT expectSubject '=' expr (IN STRING)?        # ExpectValue
  | EXPECT expectSubject IS MISSING (IN STRING)?      # ExpectMissing
  ;

expectSubject
  : ACHIEVEMENT (OF name)? (FOR STRING)?  # ExpectAchievement
  | PAYMENT TOTAL (FOR STRING)?           # ExpectPaymentTotal
  | PAYMENT STRING (FOR STRING)?          # ExpectPaymentLine
  | name (FOR STRING)?                    # ExpectMeasure
  ;

// Precedence: alternatives listed first bind tighter (ANTLR's rule for
// left-recursive rules). Loosest is `otherwise`, as docs/language.md says.
expr
  : primary                                                   # PrimaryExpr
  | expr AS PERCENT                                           # AsPercentExpr
  | <assoc=right> expr '^' expr                               # PowerExpr
  | op=('-' | '+') expr                                       # UnaryExpr
  | expr op=('*' | '/') expr                                  # MulExpr
  | expr op=('+' | '-') expr                                  # AddExpr
  | expr op=('=' | '!=' | '<' | '<=' | '>' | '>=') expr       # CompareExpr
  | expr IS (MISSING | PRESENT)                               # IsExpr
  | expr NOT? IN '(' expr (',' expr)* ','? ')'                # InExpr
  | NOT expr                                                  # NotExpr
  | expr AND expr                                             # AndExpr
  | expr OR expr                                              # OrExpr
  | expr OTHERWISE expr                                       # OtherwiseExpr
  ;

// A duration before a plain number: in a decision table, whose cases need
// no comma between them, `=> 6 days 18 days to 19 days => ...` then reads
// its result as `6 days`, not `6` followed by a case `days`.
primary
  : NUMBER (IDENT | YEAR)                                      # DurationPrimary
  | literal                                                   # LiteralPrimary
  | '(' expr ')'                                              # ParenPrimary
  | IF expr THEN expr ELSE expr                               # IfPrimary
  | ACHIEVEMENT (OF name)?                                    # AchievementPrimary
  | TIERED '(' expr ')' '{' tier (','? tier)* ','? '}'        # TieredPrimary
  | COUNT DISTINCT expr OF name (WHERE expr)?                 # CountDistinctPrimary
  | EXISTS name (AS name)? ON name ('=' name)? (WHERE expr)?  # ExistsPrimary
  | COUNT name (AS name)? ON name ('=' name)? (WHERE expr)?   # CountLinkPrimary
  | COUNT name (WHERE expr)?                                  # CountPrimary
  | PERCENT OF name (WHERE expr)?                             # PercentOfPrimary
  | aggOp=(SUM | MEAN | MEDIAN | MIN | MAX) expr OF name (WHERE expr)?    # AggregatePrimary
  | ORDINAL PERCENTILE expr OF name (WHERE expr)?             # PercentilePrimary
  | callee=(MIN | MAX) '(' expr (',' expr)* ')'               # MinMaxCallPrimary
  | name IN PREVIOUS PERIOD                                    # PreviousPeriodPrimary
  | name AT BASELINE                                          # AtBaselinePrimary
  | PAID STRING (SO FAR | THIS YEAR)                          # PaidPrimary
  | MATCH expr '{' matchCase* (ELSE '=>' expr ','?)? '}'      # MatchPrimary
  | name '(' (expr (',' expr)*)? ')'                          # CallPrimary
  | name '.' name                                             # QualifiedPrimary
  | name                                                      # NamePrimary
  ;

// A decision table's case: values and ranges (LANGUAGE.md §6). A bound is a
// primary, so `65 or more` and `A to B` never read as `or` and `to`
// expressions; anything longer goes in brackets.
matchCase : casePattern (',' casePattern)* '=>' expr ','? ;

casePattern
  : caseBound TO BELOW caseBound          # BelowRangeCase
  | caseBound TO caseBound                # RangeCase
  | BELOW caseBound                       # BelowCase
  | OVER caseBound                        # OverCase
  | caseBound OR MORE_W                    # OrMoreCase
  | caseBound OR LESS                     # OrLessCase
  | caseBound                             # ValueCase
  ;

caseBound : '-'? primary ;

tier
  : FIRST expr AT expr                    # FirstTier
  | NEXT expr AT expr                     # NextTier
  | REST AT expr                          # RestTier
  ;

literal
  : NUMBER | PERCENT_LIT | MONEY | DATE | STRING | TRUE | FALSE
  ;

// Soft keywords: names everywhere except where the rule above expects them.
// `population` starts a declaration but is also a common name for a value
// (`(count P where C) * 1000 / population` in docs/language.md).
name
  : IDENT
  | POPULATION
  | COMMISSIONER | PROVIDER | TERM | PERIODS | CURRENCY | DATED | BY | KEY | CHECK
  | DATE_FORMAT | AT | LEAST | MOST | FROM | TO | WEIGHT | ONE | GIVEN | SET | EXPECT
  | FIRST | NEXT | REST | FOR | TOTAL | PERCENTILE | PREVIOUS | PERIOD
  | SHADOW | PAID | SO | FAR | THIS | YEAR
  | BASELINE | REDUCED | INCREASED | POINTS | OVER | LAST
  | BELOW | MORE_W | LESS | ON | TYPE | GATE
  | INT_T | DECIMAL_T | MONEY_T | BOOL_T | DATE_T | DURATION_T | TEXT_T | ID_T
  ;

// ---------------------------------------------------------------- lexer
// Hard keywords.
CONTRACT   : 'contract' ;
IMPORT     : 'import' ;
DATA       : 'data' ;
POPULATION : 'population' ;
LET        : 'let' ;
INPUT      : 'input' ;
FUNCTION   : 'function' ;
MEASURE    : 'measure' ;
TARGET     : 'target' ;
OUTCOME    : 'outcome' ;
PAYMENT    : 'payment' ;
PAY        : 'pay' ;
TEST       : 'test' ;
WHERE      : 'where' ;
COUNT      : 'count' ;
DISTINCT   : 'distinct' ;
OF         : 'of' ;
PERCENT    : 'percent' ;
SUM        : 'sum' ;
MEAN       : 'mean' ;
MEDIAN     : 'median' ;
MIN        : 'min' ;
MAX        : 'max' ;
AND        : 'and' ;
OR         : 'or' ;
NOT        : 'not' ;
IS         : 'is' ;
MISSING    : 'missing' ;
PRESENT    : 'present' ;
IN         : 'in' ;
OTHERWISE  : 'otherwise' ;
IF         : 'if' ;
THEN       : 'then' ;
ELSE       : 'else' ;
AS         : 'as' ;
TRUE       : 'true' ;
FALSE      : 'false' ;
ACHIEVEMENT: 'achievement' ;
TIERED     : 'tiered' ;
MATCH      : 'match' ;
EXISTS     : 'exists' ;

// Soft keywords.
COMMISSIONER : 'commissioner' ;
PROVIDER     : 'provider' ;
TERM         : 'term' ;
PERIODS      : 'periods' ;
CURRENCY     : 'currency' ;
DATED        : 'dated' ;
BY           : 'by' ;
KEY          : 'key' ;
CHECK        : 'check' ;
DATE_FORMAT  : 'date_format' ;
AT           : 'at' ;
LEAST        : 'least' ;
MOST         : 'most' ;
FROM         : 'from' ;
TO           : 'to' ;
WEIGHT       : 'weight' ;
ONE          : 'one' ;
GIVEN        : 'given' ;
SET          : 'set' ;
EXPECT       : 'expect' ;
FIRST        : 'first' ;
NEXT         : 'next' ;
REST         : 'rest' ;
FOR          : 'for' ;
TOTAL        : 'total' ;
PERCENTILE   : 'percentile' ;
PREVIOUS     : 'previous' ;
PERIOD       : 'period' ;
SHADOW       : 'shadow' ;
PAID         : 'paid' ;
SO           : 'so' ;
FAR          : 'far' ;
THIS         : 'this' ;
YEAR         : 'year' ;
BASELINE     : 'baseline' ;
REDUCED      : 'reduced' ;
INCREASED    : 'increased' ;
POINTS       : 'points' ;
OVER         : 'over' ;
LAST         : 'last' ;
BELOW        : 'below' ;
MORE_W       : 'more' ;
LESS         : 'less' ;
ON           : 'on' ;
TYPE         : 'type' ;
GATE         : 'gate' ;
INT_T        : 'int' ;
DECIMAL_T    : 'decimal' ;
MONEY_T      : 'money' ;
BOOL_T       : 'bool' ;
DATE_T       : 'date' ;
DURATION_T   : 'duration' ;
TEXT_T       : 'text' ;
ID_T         : 'id' ;

// Literals. Their values are checked (range, real dates, suffixes) by the AST
// builder, which can say precisely what is wrong.
DATE        : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ;
PERCENT_LIT : DIGITS ('.' DIGITS)? '%' ;
MONEY       : [\u00A3$\u20AC] DIGITS ('.' DIGITS)? [a-zA-Z_]* ;
ORDINAL     : DIGITS ('st' | 'nd' | 'rd' | 'th') ;
NUMBER      : DIGITS ('.' DIGITS)? ;
STRING      : '"' ( '\\' ~[\r\n] | ~[\\"\r\n] )* '"' ;
UNTERMINATED_STRING : '"' ( '\\' ~[\r\n] | ~[\\"\r\n] )* ;

IDENT : [A-Za-z_] [A-Za-z0-9_]* ;

// An inline test table row, kept whole: its cells are read like CSV cells.
TABLE_ROW : '|' ~[\r\n]* ;

LPAREN : '(' ;
RPAREN : ')' ;
LBRACE : '{' ;
RBRACE : '}' ;
COMMA  : ',' ;
COLON  : ':' ;
EQ     : '=' ;
NE     : '!=' ;
LT     : '<' ;
LE     : '<=' ;
GT     : '>' ;
GE     : '>=' ;
PLUS   : '+' ;
MINUS  : '-' ;
STAR   : '*' ;
SLASH  : '/' ;
CARET  : '^' ;
QUESTION : '?' ;
ARROW  : '=>' ;
DOT    : '.' ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
// Cannot contain `*/`, so it only wins when the comment is never closed.
UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF ;
WS : [ \t\r\n\f\u00A0\uFEFF]+ -> skip ;
// Any other character. Keeping it as a token (rather than letting the lexer
// fail) means the lexer never throws or swallows the next character, and
// compiler/parse can merge a run of them into one located diagnostic.
ERROR_CHAR : . ;

fragment DIGIT  : [0-9] ;
fragment DIGITS : DIGIT ('_'? DIGIT)* ;
