// The FUSE contract's mode constants, not System.IO's enum of the same name.
global using FileMode = DynamoFS.Fuse.FileMode;
