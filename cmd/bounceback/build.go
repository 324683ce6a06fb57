package main

import (
	"cmp"
	"github.com/spf13/pflag"

	"github.com/bounceback/bounceback/analysis"
)

// inputs is what the user said about the athlete: the profile overrides
// given as flags and the profile file.
type inputs struct {
	flags, file analysis.ProfileInput
	// path is the profile file read; "" when there was none. lookedAt is
	// where it was looked for.
	path, lookedAt string
	// athlete is the athlete of a squad folder (--athlete), who gets their
	// own weigh-in log instead of the user's; "" for the user.
	athlete string
}

// loadInputs checks the profile overrides and reads the profile file. On a
// problem it reports it and returns exitUsage: a bad flag or a bad profile
// file stops the command before it reads any FIT file.
func (e *env) loadInputs(fs *pflag.FlagSet, f *flags, helpCmd string) (inputs, int) {
	var in inputs
	var err error
	if in.flags, err = f.overrides(); err != nil {
		return in, e.usageErr(helpCmd, err)
	}
	in.lookedAt = f.profile
	explicit := fs.Changed("profile")
	if f.athlete != "" {
		// A squad athlete: their own profile.toml, if any, and never
		// the user's profile file or weigh-ins.
		in.athlete = f.athlete
		user, userData, err := userProfileData()
		if err == nil {
			in.file, in.path, err = squadProfileOf(f.athlete, f.athleteProfile, user, userData)
		}
		if err != nil {
			e.errorf("%v", err)
			return in, exitUsage
		}
		in.lookedAt = cmp.Or(in.path, f.athleteProfile)
		return in, exitOK
	} else if !explicit {
		if in.lookedAt, err = defaultProfilePath(); err != nil {
			// No config folder: no profile file, which is no error.
			in.file = noInput()
			return in, exitOK
		}
	}
	var found bool
	if in.file, found, err = loadProfile(in.lookedAt, explicit); err != nil {
		e.errorf("%v", err)
		return in, exitUsage
	}
	if found {
		in.path = in.lookedAt
		in.file.Where = "profile file " + in.path
	}
	return in, exitOK
}

// build makes the block of files with the filter and the athlete inputs,
// and reports the problems with the athlete values on standard error.
func (e *env) build(files []analysis.FileSummary, opts analysis.Options, in inputs) *analysis.Block {
	opts.Flags, opts.File = in.flags, in.file
	opts.WeighIns = e.weighIns(in.athlete)
	b := analysis.Build(files, opts)
	for _, w := range b.Warnings {
		e.errorf("%v", w)
	}
	return b
}
