package generate

// day is a calendar date as days since 1970-01-01; the generator works on
// millions of dates and formats them itself.
type day int32

// noDay stands for a date not given.
const noDay day = -1 << 31

// dayOf returns the day of a calendar date (proleptic Gregorian).
func dayOf(y, m, d int) day {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return day(era*146097 + doe - 719468)
}

// ymd returns the year, month and day.
func (t day) ymd() (int, int, int) {
	z := int(t) + 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
		y++
	}
	return y, m, d
}

// addYears moves a date by whole years (29 February becomes 28 February).
func (t day) addYears(n int) day {
	y, m, d := t.ymd()
	if m == 2 && d == 29 {
		d = 28
	}
	return dayOf(y+n, m, d)
}

// appendDate appends the date as YYYY-MM-DD.
func appendDate(b []byte, t day) []byte {
	y, m, d := t.ymd()
	b = append4(b, y)
	b = append(b, '-')
	b = append2(b, m)
	b = append(b, '-')
	return append2(b, d)
}

func (t day) String() string { return string(appendDate(nil, t)) }

func append4(b []byte, v int) []byte {
	return append(b, byte('0'+v/1000%10), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10%10), byte('0'+v%10)) }
