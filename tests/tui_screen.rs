mod common;

use common::{fixture, screen};

#[test]
fn main_screen_80x24() {
    let mut f = fixture();
    let app = f.app(80, 24, false);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn main_screen_160x48() {
    let mut f = fixture();
    let app = f.app(160, 48, false);
    insta::assert_snapshot!(screen(&app, 160, 48));
}
