// Types for scripts/package.mjs, so that the packaging tests are checked.
export declare const repoRoot: string;
export declare class PackagingError extends Error {}
export type EnvValues = Record<string, string | undefined>;
export interface BuildOptions {
  root?: string;
  processEnv?: EnvValues;
  outDir?: string;
}
export declare function parseEnvFile(text: string): Record<string, string>;
export declare function readEnvironment(envName: string, options?: Omit<BuildOptions, "outDir">): EnvValues;
export declare function fillPlaceholders(jsonText: string, values: EnvValues, envName?: string): string;
export declare function localSchemaFor(manifest: { $schema?: string }): object;
export declare function validateManifest(manifest: object): Promise<string[]>;
export declare function buildAppPackage(envName: string, options?: BuildOptions): Promise<{ zipPath: string; manifestPath: string; manifest: Record<string, unknown> }>;
