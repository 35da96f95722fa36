/**
 * Evidence of what a name names, beyond the question's wh-form: the words the passages put around
 * it ("Michael Rooker (born ...", "... is an American rock band", "by American singer Gladys
 * Knight"), a common given name as its first word, a nationality or language.
 */

const PERSON_ROLES =
  'actor|actress|singer|songwriter|singer-songwriter|rapper|musician|guitarist|drummer|vocalist|pianist|politician|player|footballer|cricketer|boxer|wrestler|golfer|swimmer|writer|author|novelist|playwright|screenwriter|director|producer|comedian|comedienne|artist|businessman|businesswoman|entrepreneur|journalist|scientist|poet|composer|painter|sculptor|architect|model|presenter|host|engineer|lawyer|judge|philosopher|economist|inventor|physicist|chemist|biologist|mathematician|astronomer|dancer|personality|youtuber|athlete|coach|manager|general|officer|soldier|king|queen|prince|princess|emperor|empress|president|senator|governor|minister|bishop|pope|saint|explorer|navigator|astronaut|designer|photographer|historian|theologian|physician|surgeon|nurse|activist|lyricist|conductor|broadcaster|anchor|chef|monarch|ruler|pharaoh|sultan|tennis player|quarterback|pitcher|striker|goalkeeper|jockey|magician|illustrator|cartoonist|animator|disc jockey|dj|son|daughter|wife|husband|brother|sister|father|mother|god|goddess|hero|heroine|character|protagonist';
const GROUP_ROLES =
  'band|group|duo|trio|quartet|boy band|girl group|ensemble|orchestra|choir|team|club|franchise|company|corporation|conglomerate|manufacturer|retailer|brand|label|record label|organization|organisation|agency|party|network|channel|airline|firm|publisher|newspaper|magazine|university|college|school';

/** After the name: "(born", "(died", a life span "(1833–1904)", or "is an American actor". */
const AFTER = new RegExp(
  `^\\s*(?:[A-Z]{2,4}\\s+)?(?:\\((?:born|died|née|nee|c\\.|ca\\.|\\d{1,2} \\w+ \\d{3,4}|\\w+ \\d{1,2}, \\d{3,4}|\\d{3,4}\\s*[-–])(?<lifespan>)|,?\\s*(?:\\([^)]{0,80}\\)\\s*)?(?:is|was|are|were)\\s+(?:an?|the|one of the)\\s+(?:[\\p{L}'-]+\\s+){0,4}?(?<role>${PERSON_ROLES}|${GROUP_ROLES})s?\\b(?!\\s+(?:album|single|song|film|movie|series|show|book|novel|game)))`,
  'iu',
);
/** Before the name: "by American singer ", "rock band ". */
const BEFORE = new RegExp(`\\b(?<role>${PERSON_ROLES}|${GROUP_ROLES})s?\\s+(?:the\\s+)?$`, 'iu');
const GROUP = new RegExp(`^(?:${GROUP_ROLES})$`, 'iu');

/**
 * What the passages say a name is: `person` or `organisation`, from the first occurrence whose
 * surroundings say so; undefined when none does.
 */
export function nameRoleInPassages(
  name: string,
  passages: readonly string[],
): 'person' | 'organisation' | undefined {
  const needle = name.toLowerCase();
  for (const text of passages) {
    const lower = text.toLowerCase();
    let from = lower.indexOf(needle);
    while (from !== -1) {
      const end = from + needle.length;
      // Whole words only: "Ed" is not in "voiced".
      if (!/[\p{L}\p{N}]/u.test(lower[from - 1] ?? ' ') && !/[\p{L}\p{N}]/u.test(lower[end] ?? ' ')) {
        const rest = text.slice(end, end + 160);
        // "band Bruce Hornsby and the Range" speaks of a longer name.
        if (/^\s*(?:and|&)?\s*(?:the\s+)?\p{Lu}/u.test(rest)) {
          from = lower.indexOf(needle, from + 1);
          continue;
        }
        const after = AFTER.exec(rest);
        if (after?.groups?.lifespan !== undefined) return 'person';
        const role =
          after?.groups?.role ?? BEFORE.exec(text.slice(Math.max(0, from - 40), from))?.groups?.role;
        if (role !== undefined) return GROUP.test(role) ? 'organisation' : 'person';
      }
      from = lower.indexOf(needle, from + 1);
    }
  }
  return undefined;
}

const GIVEN_NAMES = new Set(
  'aaron abraham adam adrian agnes alan albert alec alex alexander alfred alice alicia allison amanda amy andrea andrew andy angela angelina ann anna anne anthony antonio arthur ashley audrey barbara barry ben benjamin bernard beth betty beyonce bill billy bob bobby bonnie brad bradley brandon brenda brian bruce bruno bryan calvin cameron carl carlos carol caroline carrie catherine charles charlie charlotte chris christian christina christine christopher chuck claire claude colin connie courtney craig cynthia dale dan daniel danny david dean debbie deborah denise dennis derek diana diane dick don donald donna doris dorothy doug douglas dwight dylan earl ed eddie edgar edith edmund edward edwin elaine eleanor elijah elizabeth ella ellen elton elvis emily emma eric erica ernest ethan eugene eva evelyn francis frank franklin fred frederick gabriel gary gene geoffrey george georgia gerald gina glen glenn gloria gordon grace graham greg gregory gwen hank hannah harold harrison harry heather helen henry herbert howard hugh hunter ian isaac isabel jack jackie jacob jacques james jamie jane janet janice jason jay jean jeff jeffrey jennifer jenny jeremy jerry jesse jessica jill jim jimmy joan joe joel john johnny jon jonathan jordan jose joseph josh joshua joy joyce juan judith judy julia julian julie justin karen karl kate katherine kathleen kathy katie keith kelly ken kenneth kevin kim kirk kristen kurt kyle larry laura lauren lawrence leah lee leo leon leonard leslie lewis lily linda lisa liz lloyd louis louise lucas lucy luis luke lynn madison maggie marcus margaret maria marie marilyn mario mark marshall martha martin mary matt matthew maurice max megan melissa michael michelle miguel mike miles molly monica nancy natalie nathan neil nicholas nick nicole noah norman oliver olivia oscar otto pamela patricia patrick paul paula pedro peggy penny peter philip phil phillip rachel ralph randy ray raymond rebecca richard rick ricky rita rob robert robin rod roger ronald ronnie rose ross roy ruby russell ruth ryan sally sam samuel sandra sarah scott sean sharon shawn sheila shirley simon sophie stan stanley stephanie stephen steve steven stuart sue susan sylvia ted teresa terry theodor theodore thomas tim timothy tina todd tom tommy tony tracy travis troy tyler victor victoria vincent virginia walter wayne wendy wilhelm will william willie wolfgang zachary'.split(
    ' ',
  ),
);
const REGNAL = /^\p{Lu}\p{Ll}+ (?:[IVX]{1,5}|the \p{Lu}\p{Ll}+)$/u;
const TITLE =
  /^(?:Saint|Sir|Dame|Lord|Lady|King|Queen|Pope|Captain|Dr\.?|President|General|Prince|Princess|Emperor|Empress|Sultan) \p{Lu}/u;

/** A person's name by its shape: a common given name and a surname ("Peter Beardsley"), a regnal name ("Louis XIV") or a title ("Saint Nicholas"). */
export function looksLikePersonName(name: string): boolean {
  const words = name.split(/\s+/u);
  if (REGNAL.test(name) || TITLE.test(name)) return true;
  return words.length >= 2 && words.length <= 4 && GIVEN_NAMES.has((words[0] ?? '').toLowerCase());
}

/** Peoples and languages: "Americans", "the Goths", "Spanish", "Malayalam" names neither a person nor a place. */
const PEOPLE =
  /^(?:the )?(?:\p{Lu}\p{Ll}+(?:ians|ans|ese|ish)|english|french|dutch|greek|greeks|swiss|thai|arab|arabs|hindi|urdu|arabic|hebrew|latin|sanskrit|tamil|telugu|malayalam|bengali|punjabi|swahili|american|german|italian|russian|indian|canadian|mexican|african|european|asian|australian|korean|egyptian|persian|israeli|pakistani|iraqi|norman|saxon|celtic|gaelic|norse|goths|visigoths|ostrogoths|vikings|normans|saxons|franks|huns|celts|moors|aztecs|incas|mayans|mongols|turks|persians|romans|spartans|israelites|jews|muslims|christians|catholics|protestants|hindus|buddhists)$/iu;

/** True for the name of a people, nationality or language. */
export function isPeopleOrLanguage(name: string): boolean {
  // "French Canadian", "German Lutherans": every word a people.
  return name
    .trim()
    .split(/\s+/u)
    .every((word) => PEOPLE.test(word));
}

const DESCRIBED = new RegExp(
  `\\b(?<role>${PERSON_ROLES}|${GROUP_ROLES})s?\\s+(?:the\\s+)?(?:\\p{Lu}[\\p{L}.'-]*\\s*)+$`,
  'u',
);

/** "American writer Nicholas Sparks", "the British band Argent": a name its answer describes. */
export function describedName(answer: string): 'person' | 'organisation' | undefined {
  const role = DESCRIBED.exec(answer)?.groups?.role;
  if (role === undefined) return undefined;
  return GROUP.test(role) ? 'organisation' : 'person';
}
