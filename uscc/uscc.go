package uscc

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Alphabet is the set of characters a code may contain, in value order: the
// value of a character is its index.
const Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// Code is a validated Unified Social Credit Code.
type Code struct {
	Value     string // normalized 18 characters, upper-case
	Authority byte   // registration authority code, position 1
	Kind      byte   // institution kind code, position 2
	Region    string // positions 3-8, administrative division code
	OrgCode   string // positions 9-17, organisation code (its check character last)
	Warning   *Error // non-nil when accepted with a warning (pilot code failing the checksum)
}

// String returns the code value.
func (c Code) String() string { return c.Value }

// Stable error codes, the values of [Error.Code].
const (
	ErrCodeEmpty     = "empty"
	ErrCodeLength    = "length"
	ErrCodeChars     = "chars"
	ErrCodeAuthority = "authority"
	ErrCodeKind      = "kind"
	ErrCodeRegion    = "region"
	// ErrCodeChecksumPilot is the code of Code.Warning when a code that is
	// otherwise valid fails the checksum.
	ErrCodeChecksumPilot = "checksum_pilot"
	// ErrCodeChecksum is returned by ParseStrict for a checksum failure.
	ErrCodeChecksum = "checksum"
)

// Error is a validation failure (or warning) with a stable code and a
// message in Chinese and English.
type Error struct {
	Code string // one of the ErrCode constants
	Zh   string // message in Chinese
	En   string // message in English
}

// Error returns both messages: "<English> (<Chinese>)".
func (e *Error) Error() string {
	return e.En + " (" + e.Zh + ")"
}

// In returns the message in lang: English for "en", Chinese otherwise.
func (e *Error) In(lang string) string {
	if lang == "en" {
		return e.En
	}
	return e.Zh
}

// Is reports whether target is an *Error with the same Code, so that
// errors.Is(err, &uscc.Error{Code: uscc.ErrCodeRegion}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != nil && t.Code == e.Code
}

func newError(code, zh, en string) *Error {
	return &Error{Code: code, Zh: zh, En: en}
}

// Normalize cleans up a code as typed or pasted by a user: it removes all
// white space (including the ideographic space U+3000 and spaces inside the
// code) and zero-width characters, converts full-width ASCII forms (Ａ-Ｚ,
// ａ-ｚ, ０-９, …) to ASCII, upper-cases ASCII letters and drops leading
// apostrophes (Excel's "store as text" prefix). It does not validate.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), isInvisible(r):
			continue
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII forms
			r -= 0xFEE0
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return strings.TrimLeft(b.String(), "'")
}

// isInvisible reports zero-width characters that often ride along when text
// is copied from web pages or spreadsheets.
func isInvisible(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return true
	}
	return false
}

// weights are 3^(i-1) mod 31 for positions 1-17.
var weights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// value returns the index of c in Alphabet, or -1.
func value(c byte) int {
	return strings.IndexByte(Alphabet, c)
}

// Checksum returns the check character for the first 17 characters of a
// code. ok is false if first17 is not 17 characters of [Alphabet].
func Checksum(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := value(first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * weights[i]
	}
	return Alphabet[(31-sum%31)%31], true
}

// Parse normalizes s and validates it as a Unified Social Credit Code.
//
// A code with the right length, alphabet, authority, kind and region but a
// wrong check character is accepted with Code.Warning set (code
// "checksum_pilot"): some codes issued during the pilot phase do not satisfy
// the checksum. Callers must show the warning or ask for confirmation; use
// [ParseStrict] to reject such codes. Errors are of type *[Error].
func Parse(s string) (Code, error) {
	n := Normalize(s)
	if n == "" {
		return Code{}, newError(ErrCodeEmpty, "请输入统一社会信用代码", "the unified social credit code is empty")
	}
	if k := utf8.RuneCountInString(n); k != 18 {
		return Code{}, lengthError(n, k)
	}
	for i, r := range []rune(n) {
		if r > 0x7F || value(byte(r)) < 0 {
			return Code{}, charsError(r, i+1)
		}
	}
	// n is now 18 ASCII characters of the alphabet.
	auth, kind := n[0], n[1]
	a := findAuthority(auth)
	if a == nil {
		return Code{}, newError(ErrCodeAuthority,
			fmt.Sprintf("第 1 位登记管理部门代码 %q 无效", auth),
			fmt.Sprintf("invalid registration authority code %q at position 1", auth))
	}
	if a.kind(kind) == nil {
		return Code{}, newError(ErrCodeKind,
			fmt.Sprintf("第 2 位机构类别代码 %q 不适用于登记管理部门 %q（%s），可用的类别为 %s", kind, auth, a.zh, a.kindList()),
			fmt.Sprintf("institution kind code %q at position 2 is not valid for registration authority %q (%s); valid kinds are %s", kind, auth, a.en, a.kindList()))
	}
	region := n[2:8]
	if !validRegion(region) {
		return Code{}, newError(ErrCodeRegion,
			fmt.Sprintf("第 3-8 位登记管理机关行政区划码 %s 无效：应为 6 位数字，前两位为省级行政区划代码", region),
			fmt.Sprintf("invalid administrative division code %s at positions 3-8: expected 6 digits starting with a province-level code", region))
	}
	c := Code{
		Value:     n,
		Authority: auth,
		Kind:      kind,
		Region:    region,
		OrgCode:   n[8:17],
	}
	if want, _ := Checksum(n[:17]); n[17] != want {
		c.Warning = newError(ErrCodeChecksumPilot,
			"校验码不符，可能是早期试点代码，请核实",
			"the check character does not match; this may be an early pilot code, please verify it")
	}
	return c, nil
}

// ParseStrict is like [Parse] but rejects a code that fails the checksum with
// an error of code "checksum" instead of accepting it with a warning.
func ParseStrict(s string) (Code, error) {
	c, err := Parse(s)
	if err != nil {
		return Code{}, err
	}
	if c.Warning != nil {
		want, _ := Checksum(c.Value[:17])
		return Code{}, newError(ErrCodeChecksum,
			fmt.Sprintf("校验码错误：应为 %c", want),
			fmt.Sprintf("checksum mismatch: expected %c", want))
	}
	return c, nil
}

// IsTradeUnion reports whether c was issued by the trade-union registration
// authority ('8'): a grassroots union (kind '1') or another union
// organisation (kind '9', and any other kind the table accepts for '8').
func IsTradeUnion(c Code) bool {
	if c.Authority != '8' {
		return false
	}
	a := findAuthority('8')
	return a.kind(c.Kind) != nil
}

func lengthError(n string, k int) *Error {
	zh := fmt.Sprintf("统一社会信用代码应为 18 位，实际为 %d 位", k)
	en := fmt.Sprintf("a unified social credit code has 18 characters, got %d", k)
	switch {
	case k == 15 && allDigits(n):
		zh += "；15 位数字可能是旧的工商注册号，请填写营业执照上的 18 位统一社会信用代码"
		en += "; 15 digits may be an old business registration number, enter the 18-character code printed on the licence"
	case k == 9 || k == 10 && n[8] == '-':
		zh += "；这可能是旧的组织机构代码，请填写 18 位统一社会信用代码"
		en += "; this may be an old organisation code, enter the 18-character unified social credit code"
	}
	return newError(ErrCodeLength, zh, en)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func charsError(r rune, pos int) *Error {
	zh := fmt.Sprintf("第 %d 位字符 %q 无效：只能使用数字和除 I、O、Z、S、V 以外的大写字母", pos, r)
	en := fmt.Sprintf("invalid character %q at position %d: only digits and the letters A-Z except I, O, Z, S, V are allowed", r, pos)
	if d, ok := lookalikes[r]; ok {
		zh += fmt.Sprintf("（是否应为数字 %c？）", d)
		en += fmt.Sprintf(" (did you mean the digit %c?)", d)
	}
	return newError(ErrCodeChars, zh, en)
}

// lookalikes maps excluded letters to the digits they are mistaken for.
var lookalikes = map[rune]rune{'I': '1', 'O': '0', 'Z': '2', 'S': '5'}

// validRegion reports whether r is 6 digits starting with a province-level
// division code, or "100000" used by national-level registration authorities.
func validRegion(r string) bool {
	if len(r) != 6 || !allDigits(r) {
		return false
	}
	if r == "100000" {
		return true
	}
	switch r[:2] {
	case "11", "12", "13", "14", "15",
		"21", "22", "23",
		"31", "32", "33", "34", "35", "36", "37",
		"41", "42", "43", "44", "45", "46",
		"50", "51", "52", "53", "54",
		"61", "62", "63", "64", "65",
		"71", "81", "82", "83":
		return true
	}
	return false
}

type kindInfo struct {
	code   byte
	zh, en string
}

type authorityInfo struct {
	code   byte
	zh, en string
	kinds  []kindInfo
}

func (a *authorityInfo) kind(k byte) *kindInfo {
	for i := range a.kinds {
		if a.kinds[i].code == k {
			return &a.kinds[i]
		}
	}
	return nil
}

func (a *authorityInfo) kindList() string {
	var b strings.Builder
	for i, k := range a.kinds {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte(k.code)
	}
	return b.String()
}

// authorities is the table of registration authority codes and the
// institution kind codes valid under each. Entries marked "later addition"
// are not in the GB 32100-2015 text but were assigned afterwards by the
// national code administration; they are accepted so that genuine codes are
// not rejected.
var authorities = []authorityInfo{
	{'1', "机构编制", "institutional establishment", []kindInfo{
		{'1', "机关", "government agency"},
		{'2', "事业单位", "public institution"},
		{'3', "中央编办直接管理机构编制的群众团体", "mass organisation under the central establishment office"},
		{'9', "其他", "other"},
	}},
	{'2', "外交", "foreign affairs", []kindInfo{
		{'1', "外国常驻新闻机构", "resident foreign news agency"},
		{'9', "其他", "other"},
	}},
	{'3', "司法行政", "justice administration", []kindInfo{
		{'1', "律师执业机构", "law firm"},
		{'2', "公证处", "notary office"},
		{'3', "基层法律服务所", "grassroots legal service office"},
		{'4', "司法鉴定机构", "forensic appraisal institution"},
		{'5', "仲裁委员会", "arbitration commission"},
		{'6', "商事调解组织", "commercial mediation organisation"}, // later addition
		{'9', "其他", "other"},
	}},
	{'4', "文化", "culture", []kindInfo{
		{'1', "外国在华文化中心", "foreign cultural centre in China"},
		{'9', "其他", "other"},
	}},
	{'5', "民政", "civil affairs", []kindInfo{
		{'1', "社会团体", "social organisation"},
		{'2', "民办非企业单位", "private non-enterprise unit"},
		{'3', "基金会", "foundation"},
		{'4', "村民委员会", "villagers' committee"}, // later addition
		{'5', "居民委员会", "residents' committee"}, // later addition
		{'9', "其他", "other"},
	}},
	{'6', "旅游", "tourism", []kindInfo{
		{'1', "外国政府旅游部门常驻代表机构", "representative office of a foreign government tourism authority"},
		{'2', "港澳台地区旅游部门常驻内地（大陆）代表机构", "representative office of a Hong Kong, Macau or Taiwan tourism authority"},
		{'9', "其他", "other"},
	}},
	{'7', "宗教", "religious affairs", []kindInfo{
		{'1', "宗教活动场所", "venue for religious activities"},
		{'2', "宗教院校", "religious college"},
		{'9', "其他", "other"},
	}},
	{'8', "工会", "trade union", []kindInfo{
		{'1', "基层工会", "grassroots trade union"},
		{'2', "非法人工会组织", "trade union organisation without legal personality"}, // later addition, less certain
		{'9', "其他", "other"},
	}},
	{'9', "工商", "industry and commerce (market regulation)", []kindInfo{
		{'1', "企业", "enterprise"},
		{'2', "个体工商户", "individual business"},
		{'3', "农民专业合作社", "farmers' specialised cooperative"},
		{'9', "其他", "other"}, // later addition, less certain
	}},
	{'A', "中央军委改革和编制办公室", "CMC reform and establishment office", []kindInfo{
		{'1', "军队事业单位", "military public institution"},
		{'9', "其他", "other"},
	}},
	{'G', "公安", "public security", []kindInfo{ // later addition
		{'1', "境外非政府组织代表机构", "representative office of an overseas NGO"},
		{'9', "其他", "other"},
	}},
	{'J', "住房和城乡建设", "housing and urban-rural development", []kindInfo{ // later addition
		{'1', "业主大会", "homeowners' assembly"},
		{'9', "其他", "other"},
	}},
	{'N', "农业", "agriculture", []kindInfo{
		{'1', "组级集体经济组织", "group-level collective economic organisation"},
		{'2', "村级集体经济组织", "village-level collective economic organisation"},
		{'3', "乡镇级集体经济组织", "township-level collective economic organisation"},
		{'9', "其他", "other"},
	}},
	{'Q', "归侨侨眷（侨联）", "federation of returned overseas Chinese", []kindInfo{ // later addition, less certain
		{'1', "区县级侨联组织", "county-level federation"},
		{'2', "乡镇级侨联组织", "township-level federation"},
		{'3', "村级侨联组织", "village-level federation"},
		{'9', "其他", "other"},
	}},
	{'Y', "其他", "other", []kindInfo{
		{'1', "其他", "other"},
	}},
}

func findAuthority(c byte) *authorityInfo {
	for i := range authorities {
		if authorities[i].code == c {
			return &authorities[i]
		}
	}
	return nil
}

// AuthorityName returns the Chinese and English names of a registration
// authority code; ok is false for an unknown code.
func AuthorityName(authority byte) (zh, en string, ok bool) {
	a := findAuthority(authority)
	if a == nil {
		return "", "", false
	}
	return a.zh, a.en, true
}

// KindName returns the Chinese and English names of an institution kind
// code under a registration authority; ok is false for an unknown pair.
func KindName(authority, kind byte) (zh, en string, ok bool) {
	a := findAuthority(authority)
	if a == nil {
		return "", "", false
	}
	k := a.kind(kind)
	if k == nil {
		return "", "", false
	}
	return k.zh, k.en, true
}
