export * from "./weft/index.js";
