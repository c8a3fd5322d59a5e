export declare const devAccount: string;
export declare function connectionStringFor(url: string): string;
export declare function startTableServer(options?: { dataDir?: string; host?: string; port?: number }): Promise<{ url: string; close(): Promise<void> }>;
