// Package uscc validates Unified Social Credit Codes (统一社会信用代码,
// GB 32100-2015), the 18-character identifier of every legal person and
// other organisation in China: companies, public institutions, social
// organisations and trade unions alike.
//
// A code is written with the 31 characters "0123456789ABCDEFGHJKLMNPQRTUWXY"
// (the letters I, O, Z, S and V are never used) and is laid out as:
//
//	position  1      registration authority code (登记管理部门代码), e.g.
//	                 1 establishment office, 5 civil affairs, 8 trade union,
//	                 9 market regulation, Y other
//	position  2      institution kind code (机构类别代码), defined per authority,
//	                 e.g. 9-1 enterprise, 8-1 grassroots trade union
//	positions 3-8    administrative division code of the registration
//	                 authority (GB/T 2260); "100000" for national-level bodies
//	positions 9-17   subject identifier: the organisation code of GB 11714,
//	                 whose own check character is position 17
//	position  18     check character: positions 1-17 are mapped to their index
//	                 in the alphabet, weighted with 3^(i-1) mod 31, and the
//	                 check value is (31 - sum mod 31) mod 31
//
// Some codes issued during the pilot phase before the standard was final do
// not satisfy the check character. [Parse] accepts a code whose only fault is
// the check character, but sets [Code.Warning] so that callers can ask the
// user to confirm it; [ParseStrict] rejects such codes instead.
//
// The GB 11714 check character inside the organisation code (position 17) is
// not verified, because not every issued code follows it.
//
// The table of authority and kind codes ([AuthorityName], [KindName]) follows
// GB 32100-2015 plus the codes the national code administration center added
// later (for example N agriculture, G public security, J housing, Q returned
// overseas Chinese federations, 5-4/5-5 villagers' and residents' committees).
// Additions whose status is less certain are marked in the table; when in
// doubt the table errs on the side of accepting a code, because the check
// character already catches typing errors.
//
// Error messages are bilingual (Chinese and English). The package does no
// I/O.
package uscc
