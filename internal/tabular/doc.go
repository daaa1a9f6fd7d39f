// Package tabular reads and writes the member spreadsheets that grassroots
// unions exchange with gonghui: CSV files as Chinese Excel and WPS save them
// (GB18030/GBK, or UTF-8 with or without a byte order mark) and XLSX
// workbooks from Excel, WPS and LibreOffice.
//
// [Open] recognises the format from the file's content and returns a
// [Reader] that streams rows one at a time, so files with hundreds of
// thousands of rows are read in bounded memory. Each [Row] carries the line
// number the user sees in Excel, for error reports. Cells come back as text:
// XLSX numbers arrive as the file stores them (a date is an Excel serial
// number such as "42795"), and [ParseDate] reads dates in the forms users
// type as well as serial numbers.
//
// [XLSXWriter] streams a workbook for exports, import templates and error
// reports: every cell is a text cell, the header row is bold and frozen,
// and columns can carry drop-down lists.
//
// User-facing errors are [*Error] values with a stable code and a message in
// Chinese and English.
package tabular
