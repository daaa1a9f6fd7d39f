package generate

import (
	"gonghui/idcard"
	"gonghui/uscc"
)

// scramble maps i in [0, 10^8) to a distinct number in the same range, so
// that codes derived from a running index are unique yet look random.
func scramble(i int) int {
	const m = 100_000_000
	return (i*48_271_907 + 13_579_113) % m // the multiplier is coprime with 10^8
}

// orgCode9 is a 9-character organization code (GB 11714): 8 digits and
// their check character.
func orgCode9(body int) []byte {
	var b [9]byte
	for k := 7; k >= 0; k-- {
		b[k] = byte('0' + body%10)
		body /= 10
	}
	w := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for k := 0; k < 8; k++ {
		sum += int(b[k]-'0') * w[k]
	}
	switch c := 11 - sum%11; c {
	case 10:
		b[8] = 'X'
	case 11:
		b[8] = '0'
	default:
		b[8] = byte('0' + c)
	}
	return b[:]
}

// makeUSCC builds a unified social credit code (GB 32100) from the
// authority and kind characters, the 6-digit region and a serial that is
// unique among every code the generator writes.
func makeUSCC(authority, kind byte, region string, serial int) string {
	b := make([]byte, 0, 18)
	b = append(b, authority, kind)
	b = append(b, region...)
	b = append(b, orgCode9(scramble(serial))...)
	c, _ := uscc.Checksum(string(b))
	return string(append(b, c))
}

// appendCitizenID appends an 18-character citizen ID number (GB 11643):
// area, birth date, a 3-digit sequence (odd for men) and the check
// character.
func appendCitizenID(b []byte, area string, birth day, seq int) []byte {
	start := len(b)
	b = append(b, area...)
	y, m, d := birth.ymd()
	b = append4(b, y)
	b = append2(b, m)
	b = append2(b, d)
	b = append(b, byte('0'+seq/100), byte('0'+seq/10%10), byte('0'+seq%10))
	return append(b, idcard.Checksum(string(b[start:])))
}

// appendCardNo appends a 16-digit member service card number: a fixed
// issuer prefix, 8 digits unique per card (serial < 10^8) and a Luhn check
// digit.
func appendCardNo(b []byte, serial int) []byte {
	start := len(b)
	b = append(b, "6217001"...)
	n := scramble(serial)
	for p := 10_000_000; p > 0; p /= 10 {
		b = append(b, byte('0'+n/p%10))
	}
	return append(b, luhn(b[start:]))
}

// luhn is the check digit that makes digits+check pass the Luhn test.
func luhn(digits []byte) byte {
	sum := 0
	for k := len(digits) - 1; k >= 0; k-- {
		v := int(digits[k] - '0')
		if (len(digits)-1-k)%2 == 0 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return byte('0' + (10-sum%10)%10)
}
