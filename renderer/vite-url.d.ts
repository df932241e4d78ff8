// Vite's "?url" imports (the map's worker file): the URL of the bundled asset.
declare module '*?url' {
  const url: string;
  export default url;
}
