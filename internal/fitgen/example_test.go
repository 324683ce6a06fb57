package fitgen_test

import (
	"fmt"
	"log"
	"os"

	"github.com/bounceback/bounceback/internal/fitgen"
)

// ExampleMany writes a small benchmark folder: the same seed always gives
// the same files.
func ExampleMany() {
	dir, err := os.MkdirTemp("", "fitgen-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := fitgen.Many(dir, 3, 1); err != nil {
		log.Fatal(err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range ents {
		fmt.Println(e.Name())
	}
	// Output:
	// 2024-01-01-13-05-20_RUN.fit
	// 2024-01-02-18-06-08_RIDE.fit
	// 2024-01-03-16-36-59_RIDE.fit
}
