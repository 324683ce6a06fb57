package fitparse_test

import (
	"fmt"
	"os"

	"github.com/bounceback/bounceback/fitparse"
)

func ExampleDecode() {
	r, err := os.Open("testdata/activity.fit")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	f := fitparse.Decode(r, "testdata/activity.fit")
	if f.Status != fitparse.OK {
		fmt.Println(f.Err)
		return
	}
	fmt.Println(f.ID.Type, f.ID.Device())
	for _, s := range f.Sessions {
		fmt.Printf("%s/%s %s: %.0f s, %.0f m, HR %.0f/%.0f bpm\n",
			s.Sport, s.SubSport, s.Start.Format("2006-01-02 15:04"), s.Timer, s.Distance, s.AvgHR, s.MaxHR)
	}
	fmt.Printf("%d records, %d with HR (%s), %d RR intervals, %d timer events\n",
		f.Records.Len(), f.Records.HRCount(), f.HRSource, len(f.RR), len(f.Events))
	// Output:
	// activity garmin fr955
	// running/trail 2024-05-04 07:30: 10 s, 2700 m, HR 125/129 bpm
	// 10 records, 9 with HR (record), 20 RR intervals, 4 timer events
}

func ExampleDecodeBytes_damaged() {
	data := []byte{14, 0x20, 0, 0, 100, 0, 0, 0, '.', 'F', 'I', 'T', 0, 0}
	f := fitparse.DecodeBytes(data, "cut.fit")
	fmt.Println(f.Status)
	fmt.Println(f.Err)
	// Output:
	// failed
	// cut.fit: byte 14: truncated: the FIT sequence at byte 0 declares 100 data bytes, the file ends at byte 14
}
