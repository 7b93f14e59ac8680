//! Photos for the image benchmark: COUNT JPEG files of 3000 × 2000 pixels at quality 90,
//! `OUT_DIR/photo-0001.jpg` and on, that compress as a camera's photos do (1.4 to 1.6 MB
//! each): a sky that shades smoothly to a horizon, ground with a fractal texture, a few
//! shaded shapes in front, and fine grain over everything. `benches/corpus/gen_corpus.py
//! --photos N --photos-from OUT_DIR` puts them into the corpus's news bundles, and
//! `scripts/bench-images.sh` makes both (see BENCHMARKS.md).
//!
//! ```sh
//! cargo run --profile dist --example photos -- OUT_DIR COUNT SEED
//! ```
//!
//! Every pixel is a function of SEED, the photo's number and the pixel's place, drawn from
//! a small hash rather than a stream of random numbers, so the same arguments give the
//! same files byte for byte however rayon shares the photos between threads. Each photo
//! differs from the others: a build that recognised a file it had already processed would
//! save nothing here.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder};
use rayon::prelude::*;

const USAGE: &str = "usage: photos OUT_DIR COUNT SEED";
const WIDTH: u32 = 3000;
const HEIGHT: u32 = 2000;
const QUALITY: u8 = 90;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, count, seed] = args.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let (Ok(count), Ok(seed)) = (count.parse::<u32>(), seed.parse::<u64>()) else {
        eprintln!("{USAGE} (COUNT and SEED are numbers)");
        return ExitCode::from(2);
    };
    let out = Path::new(out);
    let written = fs::create_dir_all(out).and_then(|()| {
        (1..=count)
            .into_par_iter()
            .map(|n| write_photo(&out.join(format!("photo-{n:04}.jpg")), seed, n))
            .sum::<io::Result<u64>>()
    });
    match written {
        Ok(bytes) => {
            println!("{count} photos, {bytes} bytes, in {}", out.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("photos: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Draws photo `n` of `seed` and writes it to `path`; returns its size in bytes.
fn write_photo(path: &Path, seed: u64, n: u32) -> io::Result<u64> {
    let pixels = Scene::new(seed, n).draw();
    let mut file = BufWriter::new(File::create(path)?);
    JpegEncoder::new_with_quality(&mut file, QUALITY)
        .write_image(&pixels, WIDTH, HEIGHT, ExtendedColorType::Rgb8)
        .map_err(io::Error::other)?;
    file.flush()?;
    Ok(fs::metadata(path)?.len())
}

/// What one photo shows, drawn from its own generator before any pixel.
struct Scene {
    /// The key of the photo's texture and grain.
    key: u64,
    zenith: [f32; 3],
    haze: [f32; 3],
    ground: [f32; 3],
    horizon: f32,
    shapes: Vec<Shape>,
}

/// An ellipse or a box in front of the landscape, lit from one side.
struct Shape {
    round: bool,
    centre: (f32, f32),
    half: (f32, f32),
    colour: [f32; 3],
    /// How much lighter the left edge is than the right, as a share of the colour.
    light: f32,
}

impl Scene {
    fn new(seed: u64, n: u32) -> Scene {
        let mut rng = SplitMix(mix(seed ^ (u64::from(n) << 32)));
        let zenith = rng.colour([20.0, 60.0, 140.0], [90.0, 130.0, 230.0]);
        let haze = rng.colour([180.0, 170.0, 150.0], [250.0, 240.0, 235.0]);
        let ground = rng.colour([40.0, 50.0, 20.0], [140.0, 130.0, 90.0]);
        let horizon = rng.range(0.35, 0.65) * HEIGHT as f32;
        let shapes = (0..3 + rng.below(6))
            .map(|_| Shape {
                round: rng.below(3) == 0,
                centre: (
                    rng.range(0.0, WIDTH as f32),
                    rng.range(horizon * 0.6, HEIGHT as f32),
                ),
                half: (rng.range(60.0, 420.0), rng.range(60.0, 520.0)),
                colour: rng.colour([30.0; 3], [230.0; 3]),
                light: rng.range(0.1, 0.4),
            })
            .collect();
        Scene {
            key: rng.next(),
            zenith,
            haze,
            ground,
            horizon,
            shapes,
        }
    }

    /// The photo's RGB pixels, row by row.
    fn draw(&self) -> Vec<u8> {
        let mut pixels = Vec::with_capacity((WIDTH * HEIGHT * 3) as usize);
        for y in 0..HEIGHT {
            for x in 0..WIDTH {
                let colour = self.colour(x as f32, y as f32);
                // Grain: the sum of two uniform draws, a rough bell of ±11 levels.
                let h = mix(self.key ^ ((u64::from(y) << 32) | u64::from(x)));
                let grain = ((h & 0xff) + ((h >> 8) & 0xff)) as f32 / 23.0 - 11.1;
                for c in colour {
                    pixels.push((c + grain).clamp(0.0, 255.0) as u8);
                }
            }
        }
        pixels
    }

    fn colour(&self, x: f32, y: f32) -> [f32; 3] {
        // The nearest shape in front: the last one drawn that covers the pixel.
        for shape in self.shapes.iter().rev() {
            let dx = (x - shape.centre.0) / shape.half.0;
            let dy = (y - shape.centre.1) / shape.half.1;
            let inside = if shape.round {
                dx * dx + dy * dy <= 1.0
            } else {
                dx.abs() <= 1.0 && dy.abs() <= 1.0
            };
            if inside {
                let shade = 1.0 + shape.light * -dx + 0.15 * self.texture(x, y, 2);
                return shape.colour.map(|c| c * shade);
            }
        }
        if y < self.horizon {
            let t = y / self.horizon;
            let t = t * t;
            let cloud = 0.08 * self.texture(x * 0.5, y * 1.5, 3);
            return std::array::from_fn(|c| (self.zenith[c] * (1.0 - t) + self.haze[c] * t) * (1.0 + cloud));
        }
        // Ground darkens towards the bottom, as a field seen from above the horizon does.
        let depth = (y - self.horizon) / (HEIGHT as f32 - self.horizon);
        let shade = (1.0 - 0.35 * depth) * (1.0 + 0.45 * self.texture(x, y, 6));
        self.ground.map(|c| c * shade)
    }

    /// Fractal value noise in about -1..1: `octaves` layers of lattice noise, the first with
    /// cells of 256 pixels and each next one of cells a third the size at 0.7 times the weight.
    fn texture(&self, x: f32, y: f32, octaves: u32) -> f32 {
        let mut sum = 0.0;
        let mut cell = 256.0;
        let mut weight = 0.5;
        for octave in 0..octaves {
            sum += weight * self.lattice(x / cell, y / cell, octave);
            cell /= 3.0;
            weight *= 0.7;
        }
        sum * 2.0
    }

    /// Noise of one layer: random values at the lattice's corners, smoothly interpolated.
    fn lattice(&self, x: f32, y: f32, octave: u32) -> f32 {
        let (cx, cy) = (x.floor(), y.floor());
        let (fx, fy) = (smooth(x - cx), smooth(y - cy));
        let corner = |i: f32, j: f32| {
            let place = (((cy + j) as u64) << 24) | (cx + i) as u64;
            let h = mix(self.key ^ (u64::from(octave) << 56) ^ place);
            (h >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        };
        let top = corner(0.0, 0.0) + (corner(1.0, 0.0) - corner(0.0, 0.0)) * fx;
        let bottom = corner(0.0, 1.0) + (corner(1.0, 1.0) - corner(0.0, 1.0)) * fx;
        top + (bottom - top) * fy
    }
}

fn smooth(t: f32) -> f32 {
    t * t * (3.0 - 2.0 * t)
}

/// SplitMix64's finaliser: a well-mixed 64-bit hash of `z`.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// SplitMix64 (Steele, Lea and Flood): the generator of each photo's scene.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// A number in `lo..hi`.
    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// A colour whose channels lie between those of `lo` and `hi`.
    fn colour(&mut self, lo: [f32; 3], hi: [f32; 3]) -> [f32; 3] {
        std::array::from_fn(|c| self.range(lo[c], hi[c]))
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
