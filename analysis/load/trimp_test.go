package load

import (
	"math"
	"testing"

	"github.com/bounceback/bounceback/internal/approx"
)

// constant returns n one-second samples at hr bpm, the last of weight 0 as
// in a Trace.
func constant(hr float64, n int) (hrs, w []float64) {
	hrs, w = make([]float64, n+1), make([]float64, n+1)
	for i := range hrs {
		hrs[i] = hr
		if i < n {
			w[i] = 1
		}
	}
	return hrs, w
}

func TestTRIMPConstantHR(t *testing.T) {
	t.Parallel()
	const rest, hrmax, hr = 50.0, 190.0, 155.0
	x := (hr - rest) / (hrmax - rest) // 0.75
	tests := []struct {
		sex  string
		k    TRIMPConstants
		a, b float64
	}{
		{"male", TRIMPMale, 0.64, 1.92},
		{"female", TRIMPFemale, 0.86, 1.67},
		{"unknown", TRIMPUnknown, 0.7252, 1.795},
	}
	h := NewHistogram(constant(hr, 3600))
	for _, tt := range tests {
		k := tt.k
		if k.A != tt.a || k.B != tt.b {
			t.Errorf("%s constants %+v, want A %v B %v", tt.sex, k, tt.a, tt.b)
		}
		want := 60 * x * tt.a * math.Exp(tt.b*x)
		if got := h.TRIMP(rest, hrmax, k); !approx.Equal(got, want, 1e-9, 1e-12) {
			t.Errorf("%q: 60 min at %v bpm: TRIMP = %v, want %v", tt.sex, hr, got, want)
		}
	}
}

func TestTRIMPClamp(t *testing.T) {
	t.Parallel()
	k := TRIMPMale
	tests := []struct {
		name          string
		hr, rest, max float64
		wantPerMinute float64
	}{
		{"below rest counts zero", 40, 50, 190, 0},
		{"at rest", 50, 50, 190, 0},
		{"above max clamps to 1", 200, 50, 190, 0.64 * math.Exp(1.92)},
		{"at max", 190, 50, 190, 0.64 * math.Exp(1.92)},
		{"max not above rest", 150, 190, 190, math.NaN()},
	}
	for _, tt := range tests {
		h := NewHistogram([]float64{tt.hr}, []float64{60})
		if got := h.TRIMP(tt.rest, tt.max, k); !approx.Equal(got, tt.wantPerMinute, 1e-9, 1e-12) {
			t.Errorf("%s: TRIMP of 1 min = %v, want %v", tt.name, got, tt.wantPerMinute)
		}
	}
}

func TestTRIMPPerSample(t *testing.T) {
	t.Parallel()
	// The histogram sum equals the per-sample sum Σ Δt_min·HRr·A·e^(B·HRr)
	// for an irregular trace.
	hr := []float64{100, 120, 120, 175, 130, math.NaN(), 160, 150}
	w := []float64{1, 2.5, 10, 4, 0, 7, 3, 0}
	const rest, hrmax = 45.0, 185.0
	k := TRIMPFemale
	want := 0.0
	for i := range hr {
		if math.IsNaN(hr[i]) {
			continue
		}
		x := HRReserve(hr[i], rest, hrmax)
		want += w[i] / 60 * x * k.A * math.Exp(k.B*x)
	}
	if got := NewHistogram(hr, w).TRIMP(rest, hrmax, k); !approx.Equal(got, want, 1e-9, 1e-12) {
		t.Errorf("TRIMP = %v, want the per-sample sum %v", got, want)
	}
}

func TestHRSS(t *testing.T) {
	t.Parallel()
	const rest, hrmax, lthr = 48.0, 190.0, 170.0
	for _, k := range []TRIMPConstants{TRIMPMale, TRIMPFemale, TRIMPUnknown} {
		for _, tt := range []struct {
			minutes float64
			want    float64
		}{{60, 100}, {30, 50}, {90, 150}} {
			h := NewHistogram(constant(lthr, int(tt.minutes*60)))
			got := HRSS(h.TRIMP(rest, hrmax, k), rest, hrmax, lthr, k)
			if !approx.Equal(got, tt.want, 1e-9, 1e-12) {
				t.Errorf("%+v: %v min at LTHR: HRSS = %v, want %v", k, tt.minutes, got, tt.want)
			}
		}
	}
	if got := HRSS(50, 60, 190, 60, TRIMPMale); !math.IsNaN(got) {
		t.Errorf("HRSS with LTHR at rest = %v, want NaN", got)
	}
}

func TestEdwards(t *testing.T) {
	t.Parallel()
	const hrmax = 200.0
	weights := []struct {
		hr   float64
		want float64
	}{
		{99, 0}, {100, 1}, {119, 1}, {120, 2}, {139, 2}, {140, 3},
		{160, 4}, {179, 4}, {180, 5}, {200, 5}, {230, 5},
	}
	for _, tt := range weights {
		if got := EdwardsWeight(tt.hr, hrmax); got != tt.want {
			t.Errorf("EdwardsWeight(%v, %v) = %v, want %v", tt.hr, hrmax, got, tt.want)
		}
	}
	// 10 min at 55 %, 20 min at 75 %, 5 min at 95 %, 15 min at 40 %.
	h := NewHistogram([]float64{110, 150, 190, 80}, []float64{600, 1200, 300, 900})
	if got, want := h.Edwards(hrmax), 10*1+20*3+5*5.0; got != want {
		t.Errorf("Edwards = %v, want %v", got, want)
	}
	if got := h.Edwards(math.NaN()); !math.IsNaN(got) {
		t.Errorf("Edwards without HRmax = %v, want NaN", got)
	}
}

func TestSessionRPELoad(t *testing.T) {
	t.Parallel()
	if got := SessionRPE(7, 3600); got != 420 {
		t.Errorf("RPE 7 for 60 min = %v, want 420", got)
	}
	if got := SessionRPE(math.NaN(), 3600); !math.IsNaN(got) {
		t.Errorf("without RPE = %v, want NaN", got)
	}
}

func TestNewHRHistogram(t *testing.T) {
	t.Parallel()
	h := NewHistogram(
		[]float64{60, 60.4, 61.6, math.NaN(), 0, -5, 62, 300},
		[]float64{1, 2, 3, 100, 100, 100, 0, 4})
	want := map[int]float64{60: 3, 62: 3, 255: 4}
	if len(h) != 256 {
		t.Fatalf("len = %d, want 256 (up to the highest bin)", len(h))
	}
	for b, sec := range h {
		if sec != want[b] {
			t.Errorf("h[%d] = %v, want %v", b, sec, want[b])
		}
	}
	if got := h.Seconds(); got != 10 {
		t.Errorf("Seconds = %v, want 10", got)
	}
	if got, want := h.Mean(), (60*3+62*3+255*4)/10.0; !approx.Equal(got, want, 1e-9, 1e-12) {
		t.Errorf("Mean = %v, want %v", got, want)
	}
	if h := NewHistogram([]float64{math.NaN()}, []float64{1}); h != nil || !math.IsNaN(h.Mean()) {
		t.Errorf("no heart rate: got %v, mean %v; want nil, NaN", h, h.Mean())
	}
	defer func() {
		if recover() == nil {
			t.Error("length mismatch did not panic")
		}
	}()
	NewHistogram([]float64{1}, nil)
}
