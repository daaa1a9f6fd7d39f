// Package idcard validates Chinese citizen identity numbers
// (公民身份号码, GB 11643-1999).
//
// An identity number has 18 characters:
//
//	positions  1-6   address code (行政区划代码); the first two digits are the
//	                 province-level division
//	positions  7-14  birth date, YYYYMMDD
//	positions 15-17  sequence code (顺序码); position 17 is odd for men and
//	                 even for women
//	position  18     check character computed with ISO 7064 MOD 11-2 over the
//	                 first 17 digits; the value 10 is written as "X"
//
// Numbers issued before 1999 had 15 digits (6-digit address, YYMMDD birth date
// in the 1900s, 3-digit sequence, no check character). [Parse] accepts them and
// upgrades them to the 18-character form by inserting "19" before the year and
// appending the check character, as the standard prescribes.
//
// Residence permits for residents of Hong Kong (81), Macau (82) and Taiwan
// (83) use the same layout and are accepted.
//
// The package also recognises two kinds of damage that spreadsheets do to
// identity numbers typed into a cell with the "General" format: Excel displays
// them in scientific notation ("1.10105E+17") and stores only 15 significant
// digits, so the last three digits become zeros. Both are reported with a
// dedicated error code and a message telling the user what happened.
//
// Error messages are bilingual (Chinese and English) and deliberately never
// contain the number itself or its birth date, so they can be logged.
// [ID.String] and [Mask] hide the birth date for the same reason.
//
// The package does no I/O except that [Parse] loads the Asia/Shanghai time
// zone to decide which birth dates lie in the future; [ParseAt] takes the
// current date as an argument instead.
package idcard
