/** The catalogue of AST rules, in the order their ids appear in RULES (after es5-syntax). */
import type { AstRule } from '../types';
import { builtinPrototype } from './builtin-prototype';
import { conditionalVar } from './conditional-var';
import { forbiddenGlobal } from './forbidden-global';
import { jsonReplacerFn } from './json-replacer-fn';
import { jsonReviver } from './json-reviver';
import { keywordName } from './keyword-name';
import { label } from './label';
import { leakedGlobal } from './leaked-global';
import { lengthAssign } from './length-assign';
import { missingBuiltin } from './missing-builtin';
import { missingMethod } from './missing-method';
import { objectCreate2 } from './object-create-2';
import { objectTostring } from './object-tostring';
import { regexLookaround } from './regex-lookaround';
import { replaceStringFn } from './replace-string-fn';
import { unknownGlobal } from './unknown-global';
import { useBeforeDeclare } from './use-before-declare';

export const AST_RULES: readonly AstRule[] = [
  leakedGlobal,
  forbiddenGlobal,
  unknownGlobal,
  missingBuiltin,
  missingMethod,
  objectCreate2,
  lengthAssign,
  regexLookaround,
  replaceStringFn,
  jsonReplacerFn,
  jsonReviver,
  label,
  builtinPrototype,
  objectTostring,
  useBeforeDeclare,
  conditionalVar,
  keywordName,
];
