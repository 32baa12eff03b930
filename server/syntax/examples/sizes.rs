//! Prints AST type sizes (debug aid).
use cw_syntax::*;
fn main() {
    println!("Node {} Operand {} Pipeline {} Command {} Branch {} TemplateCall {} Action {} Text {} Number {} Variable {} StringLit {} Item? ",
        std::mem::size_of::<Node>(), std::mem::size_of::<Operand>(), std::mem::size_of::<Pipeline>(),
        std::mem::size_of::<Command>(), std::mem::size_of::<Branch>(), std::mem::size_of::<TemplateCall>(),
        std::mem::size_of::<Action>(), std::mem::size_of::<Text>(), std::mem::size_of::<Number>(),
        std::mem::size_of::<Variable>(), std::mem::size_of::<StringLit>());
}
